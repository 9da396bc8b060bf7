// name: custody_gaps
// description: Spells in custody with the person's whereabouts unknown: possible enforced
// description: disappearance. A gap starts with an arrest or transfer that names no facility,
// description: while the person was free or at a known facility, and ends with the next order
// description: that puts them at a known facility (arrest or transfer) or frees them (a verified
// description: release). A claimed release does not end a gap; release_claimed flags it. An
// description: ongoing gap has no end and ongoing true; its days run to the latest order date.
// description: Sorted by days descending, then person_id, start_date, start_order_id.
// param: min_days: int = 0 -- only gaps of at least this many days
// columns: person_id, person_name, start_order_id, start_kind, start_date, official_id,
// columns: previous_facility_id, end_order_id, end_kind, end_date, facility_id, days, ongoing,
// columns: release_claimed
// :params {min_days: 0}
MATCH (o:Order)-[:CONCERNS]->(:Person)
WITH max(toString(o.date)) AS data_end
MATCH (o:Order)-[:CONCERNS]->(p:Person)
// Dates are ordered as ISO strings: Neo4j does not order a date against a localdatetime.
WITH data_end, p, o, toString(o.date) AS day
ORDER BY day,
         CASE o.kind WHEN 'arrest' THEN 0 WHEN 'transfer' THEN 1 WHEN 'sentence' THEN 2 ELSE 3 END,
         o.id
WITH data_end, p,
     collect({id: o.id, kind: o.kind, date: day, status: coalesce(o.status, 'verified'),
              official: head([(f:Official)-[:ISSUED]->(o) | f.id]),
              facility: head([(o)-[:AT]->(c:Facility) | c.id])}) AS events
// Walk the orders keeping the custody state (as in detained_on) and the open gap, if any.
WITH data_end, p, reduce(walk = {state: null, gap: null, found: []}, e IN events |
  [next IN [
    CASE e.kind
      WHEN 'arrest' THEN {facility: e.facility, detained_by: e, claimed: null}
      WHEN 'transfer' THEN
        {facility: e.facility, detained_by: coalesce(walk.state.detained_by, e), claimed: null}
      WHEN 'release' THEN CASE
        WHEN walk.state IS NULL THEN null
        WHEN e.status = 'verified' THEN null
        WHEN e.status = 'claimed' AND walk.state.claimed IS NULL THEN
          {facility: walk.state.facility, detained_by: walk.state.detained_by, claimed: e}
        ELSE walk.state
      END
      ELSE walk.state
    END] |
    [unknown IN [next IS NOT NULL AND next.facility IS NULL] |
      CASE
        WHEN walk.gap IS NULL AND unknown THEN {state: next, found: walk.found,
          gap: {start: e, previous: walk.state.facility, claimed: false}}
        WHEN walk.gap IS NOT NULL AND NOT unknown THEN {state: next, gap: null,
          found: walk.found + [{start: walk.gap.start, previous: walk.gap.previous,
                                claimed: walk.gap.claimed, end: e}]}
        WHEN walk.gap IS NOT NULL AND e.kind = 'release' AND e.status = 'claimed' THEN
          {state: next, found: walk.found,
           gap: {start: walk.gap.start, previous: walk.gap.previous, claimed: true}}
        ELSE {state: next, gap: walk.gap, found: walk.found}
      END][0]][0]) AS walk
UNWIND walk.found + CASE WHEN walk.gap IS NULL THEN [] ELSE [walk.gap] END AS gap
WITH p, gap,
     duration.inDays(date(left(gap.start.date, 10)),
                     date(left(coalesce(gap.end.date, data_end), 10))).days AS days
WHERE days >= $min_days
RETURN p.id AS person_id,
       p.name AS person_name,
       gap.start.id AS start_order_id,
       gap.start.kind AS start_kind,
       gap.start.date AS start_date,
       gap.start.official AS official_id,
       gap.previous AS previous_facility_id,
       gap.end.id AS end_order_id,
       gap.end.kind AS end_kind,
       gap.end.date AS end_date,
       gap.end.facility AS facility_id,
       days,
       gap.end IS NULL AS ongoing,
       gap.claimed AS release_claimed
ORDER BY days DESC, person_id, start_date, start_order_id
