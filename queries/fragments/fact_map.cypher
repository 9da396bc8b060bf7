// fragment: fact_map
// description: `fact`, the record `x` (an order or a status-list entry, concerning `m`) as a
// description: map {id, kind, date, start, end, status, official, facility, institution,
// description: inferred, known, conditions} with canonical ids, and the keys it is ordered by:
// description: first possible day, `listed` (orders before list entries), `time` of day, `rank`
// description: (arrest ... release ... death), id.
WITH *, x:Status AS listed, [(x)<-[:ISSUED]-(by) | by] AS issuers,
     head([(x)-[:AT]->(c:Facility) | c]) AS c
WITH *, head([by IN issuers WHERE by:Official]) AS f,
     head([by IN issuers WHERE by:Institution]) AS body
// include: cluster(node=f, id=official, ids=official_members)
// include: cluster(node=c, id=facility, ids=facility_members)
// The issuing body, else the official's institution (of an official kept under several
// records, the institution the first of them to name one names).
// include: first_linked(node=f, ids=official_members, label=Official, relationship=MEMBER_OF, target=Institution, found=member_of)
WITH *, coalesce(body, member_of) AS i
// include: cluster(node=i, id=institution, ids=institution_members)
WITH *,
     CASE WHEN listed THEN toString(x.as_of) ELSE toString(x.date) END AS date,
     CASE WHEN listed THEN toString(x.as_of_start) ELSE toString(x.date_start) END AS start,
     CASE WHEN listed THEN toString(x.as_of_end) ELSE toString(x.date_end) END AS end
WITH *,
     {id: x.id, kind: CASE WHEN listed THEN 'listed' ELSE x.kind END, date: date,
      start: start, end: end,
      status: CASE WHEN listed THEN x.status ELSE coalesce(x.status, 'verified') END,
      official: official, facility: facility, institution: institution, inferred: false,
      known: coalesce(toString(x.reported_end), end),
      conditions: coalesce(x.conditions_codes, [])} AS fact,
     CASE WHEN date CONTAINS 'T' THEN substring(date, 10) ELSE '' END AS time,
     CASE WHEN listed THEN 0 ELSE CASE x.kind
       WHEN 'arrest' THEN 0
       WHEN 'sentence' THEN 2
       WHEN 'release' THEN 3
       WHEN 'exile' THEN 3
       WHEN 'death' THEN 4
       ELSE 1
     END END AS rank
