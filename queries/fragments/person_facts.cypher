// fragment: person_facts
// description: each person `p` (one row per cluster of records judged the same: other
// description: members' rows are dropped) with `person_id` (canonical), `person_ids` and
// description: `events`: their orders and status-list entries (kind `listed`) known by
// description: `known_by` (null: all), as maps {id, kind, date, start, end, status, official,
// description: facility, institution, inferred, known, conditions}, in order (first possible
// description: day, orders before list entries, time of day, arrest ... release ... death, id),
// description: with the orders the lists reveal (unless `recorded_only`), nothing after a death,
// description: and only the kinds in `kinds`.
// include: cluster(node=p, id=person_id, ids=person_ids)
WITH * WHERE person_id = p.id
CALL {
  WITH person_ids, known_by
  MATCH (x)-[:CONCERNS]->(m:Person)
  WHERE m.id IN person_ids
  WITH x, known_by, x:Status AS listed,
       head([(f:Official)-[:ISSUED]->(x) | f]) AS f,
       head([(x)-[:AT]->(c:Facility) | c]) AS c,
       head([(i:Institution)-[:ISSUED]->(x) | i]) AS body
  // include: cluster(node=f, id=official, ids=official_members)
  // include: cluster(node=c, id=facility, ids=facility_members)
  // include: first_linked(ids=official_members, label=Official, relationship=MEMBER_OF, target=Institution, found=member_of)
  WITH *, coalesce(body, member_of) AS i
  // include: cluster(node=i, id=institution, ids=institution_members)
  WITH x, known_by, listed, official, facility, institution,
       CASE WHEN listed THEN toString(x.as_of) ELSE toString(x.date) END AS date,
       CASE WHEN listed THEN toString(x.as_of_start) ELSE toString(x.date_start) END AS start,
       CASE WHEN listed THEN toString(x.as_of_end) ELSE toString(x.date_end) END AS end
  WITH listed, known_by,
       {id: x.id, kind: CASE WHEN listed THEN 'listed' ELSE x.kind END, date: date,
        start: start, end: end,
        status: CASE WHEN listed THEN x.status ELSE coalesce(x.status, 'verified') END,
        official: official, facility: facility, institution: institution, inferred: false,
        known: coalesce(toString(x.reported_end), end),
        conditions: coalesce(x.conditions_codes, [])} AS fact,
       CASE WHEN date CONTAINS 'T' THEN substring(date, 10) ELSE '' END AS time,
       CASE x.kind
         WHEN 'arrest' THEN 0
         WHEN 'sentence' THEN 2
         WHEN 'release' THEN 3
         WHEN 'exile' THEN 3
         WHEN 'death' THEN 4
         ELSE 1
       END AS rank
  WHERE known_by IS NULL OR fact.known <= known_by
  WITH fact ORDER BY fact.start, listed, time, CASE WHEN listed THEN 0 ELSE rank END, fact.id
  RETURN collect(fact) AS facts
}
// The walk: what each fact says of custody (held, free, dead), and the order a list
// entry reveals when it says otherwise than the facts before it.
WITH *, reduce(w = {state: null, dead: false, out: []}, f IN facts |
  CASE WHEN w.dead THEN w ELSE
    [says IN [CASE
       WHEN f.kind = 'listed' THEN CASE f.status
         WHEN 'released' THEN 'free' WHEN 'exiled' THEN 'free' WHEN 'dead' THEN 'dead'
         ELSE 'held' END
       WHEN f.kind IN ['release', 'exile'] AND f.status = 'verified' THEN 'free'
       WHEN f.kind IN ['arrest', 'house_arrest', 'disappearance'] THEN 'held'
       WHEN f.kind = 'death' THEN 'dead'
     END] |
      {state: coalesce(says, w.state), dead: coalesce(says = 'dead', false),
       out: w.out
         + CASE WHEN NOT recorded_only AND f.kind = 'listed' AND w.state IN ['held', 'free']
                     AND says IN ['held', 'free'] AND says <> w.state THEN
             [first IN [CASE WHEN size(w.out) = 0 THEN f.start
                             ELSE toString(date(last(w.out).end) + duration({days: 1})) END] |
               [lo IN [CASE WHEN first < f.start THEN first ELSE f.start END] |
                 {id: '~' + f.id, kind: CASE says WHEN 'held' THEN 'arrest' ELSE 'release' END,
                  date: CASE WHEN lo = f.start THEN f.start ELSE lo + '/' + f.start END,
                  start: lo, end: f.start, status: 'verified', official: null,
                  facility: CASE says WHEN 'held' THEN f.facility END, institution: null,
                  inferred: true, known: f.known, conditions: []}][0]]
           ELSE [] END
         + [f]}][0]
  END).out AS all_events
WITH *, [e IN all_events WHERE kinds IS NULL OR e.kind IN kinds] AS events
