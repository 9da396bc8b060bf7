-- The revolving door (docs/RECORDS.md) in SQL with window functions, for DuckDB: the
-- reference that detnet's networkx query is timed against and checked row for row.
-- Reads the table `orders` (orders.csv as text); returns one row per re-arrest, with the
-- default parameters (a release counts only when verified).
--
-- Per person, arrests and counted releases are sorted by date string (a date without a
-- time before the same date with one), an arrest before a release on an exact tie, then
-- by order id. Walking them in order, an arrest that comes while a counted release is
-- pending is a re-arrest paired with it, which clears it: so an arrest is a re-arrest
-- exactly when the event just before it, among these, is a counted release. Releases
-- that do not count, transfers and sentences take no part.
WITH events AS (
    SELECT
        id,
        person_id,
        nullif(official_id, '') AS official_id,
        kind,
        -- detnet stores YYYY-MM-DDTHH:MM as YYYY-MM-DDTHH:MM:00
        CASE WHEN length(date) = 16 THEN date || ':00' ELSE date END AS day,
        CASE kind WHEN 'arrest' THEN 0 ELSE 1 END AS tie
    FROM orders
    WHERE kind = 'arrest'
       OR (kind = 'release' AND coalesce(nullif(status, ''), 'verified') = 'verified')
),
walk AS (
    SELECT
        *,
        lag(kind) OVER person_order AS previous_kind,
        lag(id) OVER person_order AS previous_id,
        lag(day) OVER person_order AS previous_day,
        -- who ordered the latest arrest before this event ('' when unknown, null when none)
        last_value(CASE WHEN kind = 'arrest' THEN coalesce(official_id, '') END IGNORE NULLS)
            OVER (person_order ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
            AS previous_arrest_official
    FROM events
    WINDOW person_order AS (PARTITION BY person_id ORDER BY day, tie, id)
)
SELECT
    person_id,
    previous_id AS release_order_id,
    id AS rearrest_order_id,
    date_diff('day', CAST(left(previous_day, 10) AS DATE), CAST(left(day, 10) AS DATE))
        AS days_free,
    coalesce(official_id = previous_arrest_official, false) AS same_official
FROM walk
WHERE kind = 'arrest' AND previous_kind = 'release'
ORDER BY day, person_id, id
