-- The revolving door over orders and status lists, with imprecise dates (docs/RECORDS.md,
-- part 2, A and B), in SQL with window functions, for DuckDB: the reference detnet's
-- networkx query is timed against and checked row for row on list-shaped records.
-- Reads the tables `orders` and `statuses` (the CSV files, each date already read into
-- its first and last possible day, `start_day` and `end_day`); returns one row per
-- re-arrest, with the default parameters (a release counts only when verified).
--
-- Per person, orders and list entries are put in one sequence by first possible day (an
-- order before a list entry on the same day; orders by time of day, then arrest,
-- transfer, sentence, release, death; then by id). Each fact says held, free, dead or
-- nothing; the state before a fact is what the latest fact before it that says
-- anything said. A list entry that says held or free against a state of free or held
-- reveals an order, which stands just before it, dated from the day after the previous
-- fact's last possible day (or that fact's first day, when its last reaches the list's
-- day) to the list's day. Nothing after the first death counts. Re-arrests are then
-- found as in revolving_door.sql: an arrest whose previous event, among arrests and
-- verified releases, is a release.
WITH facts AS (
    SELECT
        id,
        person_id,
        kind,
        coalesce(nullif(status, ''), 'verified') AS status,
        nullif(official_id, '') AS official_id,
        nullif(facility_id, '') AS facility_id,
        start_day,
        end_day,
        false AS listed,
        CASE WHEN date LIKE '%T%' THEN substr(date, 11) ELSE '' END AS time_of_day,
        CASE kind
            WHEN 'arrest' THEN 0 WHEN 'sentence' THEN 2 WHEN 'release' THEN 3
            WHEN 'exile' THEN 3 WHEN 'death' THEN 4 ELSE 1
        END AS rank
    FROM orders
    UNION ALL
    SELECT id, person_id, 'listed', status, NULL, nullif(facility_id, ''), start_day,
           end_day, true, '', 0
    FROM statuses
),
said AS (
    SELECT
        *,
        CASE
            WHEN listed THEN CASE status
                WHEN 'released' THEN 'free' WHEN 'exiled' THEN 'free' WHEN 'dead' THEN 'dead'
                ELSE 'held' END
            WHEN kind IN ('release', 'exile') AND status = 'verified' THEN 'free'
            WHEN kind IN ('arrest', 'house_arrest', 'disappearance') THEN 'held'
            WHEN kind = 'death' THEN 'dead'
        END AS says,
        row_number() OVER (
            PARTITION BY person_id ORDER BY start_day, listed, time_of_day, rank, id
        ) AS seq
    FROM facts
),
walk AS (
    SELECT
        *,
        last_value(says IGNORE NULLS) OVER (
            PARTITION BY person_id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ) AS state_before,
        lag(start_day) OVER (PARTITION BY person_id ORDER BY seq) AS previous_start,
        lag(end_day) OVER (PARTITION BY person_id ORDER BY seq) AS previous_end,
        min(CASE WHEN says = 'dead' THEN seq END) OVER (PARTITION BY person_id) AS death
    FROM said
),
alive AS (
    SELECT * FROM walk WHERE death IS NULL OR seq <= death
),
events AS (
    -- recorded arrests and verified releases
    SELECT id, person_id, kind, official_id, start_day, seq AS position
    FROM alive
    WHERE NOT listed
      AND (kind = 'arrest' OR (kind IN ('release', 'exile') AND status = 'verified'))
    UNION ALL
    -- the orders list entries reveal, just before the entry
    SELECT
        '~' || id,
        person_id,
        CASE says WHEN 'held' THEN 'arrest' ELSE 'release' END,
        NULL,
        CASE WHEN previous_end + INTERVAL 1 DAY <= start_day
             THEN CAST(previous_end + INTERVAL 1 DAY AS DATE) ELSE previous_start END,
        seq - 0.5
    FROM alive
    WHERE listed AND state_before IN ('held', 'free') AND says IN ('held', 'free')
      AND says <> state_before
),
paired AS (
    SELECT
        *,
        lag(kind) OVER person_order AS previous_kind,
        lag(id) OVER person_order AS previous_id,
        lag(start_day) OVER person_order AS previous_day,
        -- who ordered the latest arrest before this event ('' when unknown, null when none)
        last_value(CASE WHEN kind = 'arrest' THEN coalesce(official_id, '') END IGNORE NULLS)
            OVER (person_order ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
            AS previous_arrest_official
    FROM events
    WINDOW person_order AS (PARTITION BY person_id ORDER BY position)
)
SELECT
    person_id,
    previous_id AS release_order_id,
    id AS rearrest_order_id,
    date_diff('day', previous_day, start_day) AS days_free,
    coalesce(official_id = previous_arrest_official, false) AS same_official
FROM paired
WHERE kind = 'arrest' AND previous_kind IN ('release', 'exile')
ORDER BY start_day, person_id, id
