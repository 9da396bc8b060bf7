// name: timeline
// description: Arrests, releases and the number held, per week, month or year: is the door
// description: turning faster? One row per period, from the first counted order to the latest
// description: order in the graph, empty ones included; period is the ISO date of its first day
// description: (weeks start on Monday). first_arrests: a person's first arrest on record (unless
// description: it is a re-arrest); rearrests: as revolving_door finds them (verified releases);
// description: verified_releases / claimed_releases: release orders with that status;
// description: detained_at_end: persons in custody at the end of the period (as detained_on).
// description: official / facility count only orders issued by that official / naming that
// description: facility, and persons whose detention began with their order / held there.
// param: period: week|month|year = "month" -- the length of a period
// param: official: Official = null -- count only this official's orders
// param: facility: Facility = null -- count only orders naming this facility
// columns: period, first_arrests, rearrests, verified_releases, claimed_releases,
// columns: detained_at_end
// :params {period: "month", official: null, facility: null}
MATCH (p:Person)
WITH p, ['arrest', 'release', 'transfer', 'sentence'] AS kinds, false AS include_claimed
// include: person_events
WITH * WHERE size(events) > 0
// include: rearrests
// include: custody_steps
// The orders where the counted custody begins or ends.
WITH events, [r IN rearrests | r.rearrest.id] AS rearrests,
     head([e IN events WHERE e.kind = 'arrest' | e.id]) AS first_arrest,
     reduce(walk = {counted: false, changes: []}, s IN steps |
       [counted IN [s.after IS NOT NULL
                    AND ($facility IS NULL OR coalesce(s.after.facility = $facility, false))
                    AND ($official IS NULL
                         OR coalesce(s.after.detained_by.official = $official, false))] |
         {counted: counted,
          changes: walk.changes + CASE WHEN counted = walk.counted THEN [] ELSE
            [{date: s.event.date, change: CASE WHEN counted THEN 1 ELSE -1 END}] END}][0]).changes
       AS changes
WITH events, changes,
     [e IN events WHERE ($official IS NULL OR coalesce(e.official = $official, false))
                    AND ($facility IS NULL OR coalesce(e.facility = $facility, false)) |
       {date: e.date, counted: true, change: 0, column: CASE
          WHEN e.id IN rearrests THEN 'rearrests'
          WHEN e.id = first_arrest THEN 'first_arrests'
          WHEN e.kind = 'release' AND e.status IN ['verified', 'claimed'] THEN e.status + '_releases'
        END}] AS counted_orders
UNWIND counted_orders
       + [c IN changes | {date: c.date, counted: false, change: c.change, column: null}]
       // The person's latest order: where the periods end.
       + [{date: last(events).date, counted: false, change: 0, column: null}] AS item
WITH item, date.truncate($period, date(left(item.date, 10))) AS start
WITH start,
     count(CASE item.column WHEN 'first_arrests' THEN 1 END) AS first_arrests,
     count(CASE item.column WHEN 'rearrests' THEN 1 END) AS rearrests,
     count(CASE item.column WHEN 'verified_releases' THEN 1 END) AS verified_releases,
     count(CASE item.column WHEN 'claimed_releases' THEN 1 END) AS claimed_releases,
     sum(item.change) AS change,
     min(CASE WHEN item.counted THEN item.date END) AS first,
     max(item.date) AS last
WITH collect({start: start, first_arrests: first_arrests, rearrests: rearrests,
              verified_releases: verified_releases, claimed_releases: claimed_releases,
              change: change}) AS counts,
     min(first) AS first, max(last) AS last
WHERE first IS NOT NULL
WITH counts, date.truncate($period, date(left(first, 10))) AS start, date(left(last, 10)) AS end
WITH counts, CASE $period
       WHEN 'week' THEN
         [i IN range(0, duration.inDays(start, end).days / 7) | start + duration({weeks: i})]
       WHEN 'month' THEN
         [i IN range(0, (end.year - start.year) * 12 + end.month - start.month) |
          start + duration({months: i})]
       ELSE [i IN range(0, end.year - start.year) | start + duration({years: i})]
     END AS starts
// A running total of the custody changes gives the number held at each period's end.
WITH reduce(acc = {held: 0, rows: []}, s IN starts |
       [c IN [head([x IN counts WHERE x.start = s])] |
         {held: acc.held + coalesce(c.change, 0),
          rows: acc.rows + [{period: toString(s),
                             first_arrests: coalesce(c.first_arrests, 0),
                             rearrests: coalesce(c.rearrests, 0),
                             verified_releases: coalesce(c.verified_releases, 0),
                             claimed_releases: coalesce(c.claimed_releases, 0),
                             detained_at_end: acc.held + coalesce(c.change, 0)}]}][0]).rows AS rows
UNWIND rows AS row
RETURN row.period AS period,
       row.first_arrests AS first_arrests,
       row.rearrests AS rearrests,
       row.verified_releases AS verified_releases,
       row.claimed_releases AS claimed_releases,
       row.detained_at_end AS detained_at_end
ORDER BY period
