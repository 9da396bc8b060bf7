// name: custody_gaps
// description: Spells in custody with the person's whereabouts unknown: possible enforced
// description: disappearance. A gap starts with a fact that leaves the person in custody at no
// description: known place (an arrest or transfer naming no facility, a disappearance, a list entry
// description: saying whereabouts unknown, or held at no facility while none is known), while they
// description: were free or at a known place, and ends with the next fact that places them (a
// description: facility, or at home),
// description: frees them (a verified release or exile, a list saying free) or their death. A
// description: claimed release does not end a gap; release_claimed flags it. Days run between first
// description: possible days (a gap opened in 2024-03 counts from 1 March). An ongoing gap has no
// description: end and ongoing true; its days run to the latest fact's first possible day.
// description: Sorted by days descending, then person_id, start_date, start_order_id.
// param: min_days: int = 0 -- only gaps of at least this many days
// columns: person_id, person_name, start_order_id, start_kind, start_date, official_id,
// columns: previous_facility_id, end_order_id, end_kind, end_date, facility_id, days, ongoing,
// columns: release_claimed
// :params {min_days: 0}
// include: judged
WITH *, null AS kinds, false AS recorded_only, null AS known_by
// include: all_facts
// include: custody_steps
OPTIONAL MATCH (p:Person {id: person_id})
WITH collect({person_id: person_id, name: p.name, steps: steps}) AS persons
WITH persons, reduce(m = null, x IN persons |
       CASE WHEN size(x.steps) > 0 AND (m IS NULL OR last(x.steps).event.start > m)
            THEN last(x.steps).event.start ELSE m END) AS data_end
UNWIND persons AS person
// A gap opens where the person is in custody at no known place, and closes where they
// are placed at a known one (a facility, or at home), freed, or die.
WITH data_end, person, reduce(walk = {gap: null, found: []}, s IN person.steps |
  [unknown IN [s.after IS NOT NULL AND s.after.facility IS NULL
               AND s.after.mode <> 'house_arrest'] |
    CASE
      WHEN walk.gap IS NULL AND unknown THEN {found: walk.found,
        gap: {start: s.event, previous: s.before.facility, claimed: false}}
      WHEN walk.gap IS NOT NULL AND NOT unknown THEN {gap: null,
        found: walk.found + [{start: walk.gap.start, previous: walk.gap.previous,
                              claimed: walk.gap.claimed, end: s.event}]}
      WHEN walk.gap IS NOT NULL AND s.event.kind IN ['release', 'exile']
           AND s.event.status = 'claimed' THEN
        {found: walk.found,
         gap: {start: walk.gap.start, previous: walk.gap.previous, claimed: true}}
      ELSE walk
    END][0]) AS walk
UNWIND walk.found + CASE WHEN walk.gap IS NULL THEN [] ELSE [walk.gap] END AS gap
WITH person, gap,
     duration.inDays(date(gap.start.start), date(coalesce(gap.end.start, data_end))).days AS days
WHERE days >= $min_days
RETURN person.person_id AS person_id,
       person.name AS person_name,
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
