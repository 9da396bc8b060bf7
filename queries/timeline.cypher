// name: timeline
// description: Arrests, releases and the number held, per week, month or year: is the door
// description: turning faster? One row per period, from the first counted fact to the latest
// description: fact in the graph, empty ones included; period is the ISO date of its first day
// description: (weeks start on Monday); a fact falls in the period of its first possible day.
// description: first_arrests: a person's first arrest on record (unless it is a re-arrest);
// description: rearrests: as revolving_door finds them (verified releases); verified_releases /
// description: claimed_releases: release orders with that status; house_arrests, disappearances,
// description: exiles, deaths: orders of those kinds; inferred_arrests / inferred_releases: how
// description: many of those counted were inferred from status lists; listed: list entries;
// description: late_reports: records known more than late_days after their last possible day;
// description: imprecise: counted orders whose date spans more than a day; detained_at_end:
// description: persons in custody at the end of the period (as detained_on). official / facility
// description: count only facts of that official / naming that facility, and persons whose
// description: detention began with their order / held there.
// param: period: week|month|year = "month" -- the length of a period
// param: official: Official = null -- count only this official's orders
// param: facility: Facility = null -- count only facts naming this facility
// param: as_known_on: date = null -- only records known by this day
// param: late_days: int = 30 -- reported late: known more than this many days after it happened
// param: recorded_only: bool = false -- count recorded orders alone: nothing inferred from lists
// columns: period, first_arrests, rearrests, verified_releases, claimed_releases,
// columns: detained_at_end, house_arrests, disappearances, exiles, deaths, inferred_arrests,
// columns: inferred_releases, listed, late_reports, imprecise
// :params {period: "month", official: null, facility: null, as_known_on: null, late_days: 30, recorded_only: false}
// include: judged
OPTIONAL MATCH (given_official:Official {id: $official})
// include: cluster(node=given_official, id=official_filter, ids=official_filter_members)
OPTIONAL MATCH (given_facility:Facility {id: $facility})
// include: cluster(node=given_facility, id=facility_filter, ids=facility_filter_members)
// include: day_bounds(date=$as_known_on, first=known_first, last=known_by)
WITH *, null AS kinds, $recorded_only AS recorded_only, false AS include_claimed
// include: all_facts
WITH * WHERE size(events) > 0
// include: rearrests
// include: custody_steps
// The facts where the counted custody begins or ends.
WITH *, [r IN rearrests | r.rearrest.id] AS rearrest_ids,
     head([e IN events WHERE e.kind = 'arrest' | e.id]) AS first_arrest,
     reduce(walk = {counted: false, changes: []}, s IN steps |
       [counted IN [s.after IS NOT NULL
                    AND (facility_filter IS NULL OR coalesce(s.after.facility = facility_filter, false))
                    AND (official_filter IS NULL
                         OR coalesce(s.after.detained_by.official = official_filter, false))] |
         {counted: counted,
          changes: walk.changes + CASE WHEN counted = walk.counted THEN [] ELSE
            [{start: s.event.start, change: CASE WHEN counted THEN 1 ELSE -1 END}] END}][0]).changes
       AS changes
// The columns each counted fact adds one to.
WITH events, changes,
     [e IN events WHERE (official_filter IS NULL OR coalesce(e.official = official_filter, false))
                    AND (facility_filter IS NULL OR coalesce(e.facility = facility_filter, false)) |
       {start: e.start, counted: true, change: 0, columns:
          CASE e.kind
            WHEN 'arrest' THEN
              CASE WHEN e.id IN rearrest_ids THEN ['rearrests']
                   WHEN e.id = first_arrest THEN ['first_arrests'] ELSE [] END
              + CASE WHEN e.inferred THEN ['inferred_arrests'] ELSE [] END
            WHEN 'release' THEN
              CASE WHEN e.status IN ['verified', 'claimed'] THEN [e.status + '_releases'] ELSE [] END
              + CASE WHEN e.inferred THEN ['inferred_releases'] ELSE [] END
            WHEN 'listed' THEN ['listed']
            WHEN 'house_arrest' THEN ['house_arrests']
            WHEN 'disappearance' THEN ['disappearances']
            WHEN 'exile' THEN ['exiles']
            WHEN 'death' THEN ['deaths']
            ELSE []
          END
          + CASE WHEN NOT e.inferred
                      AND duration.inDays(date(e.end), date(e.known)).days > $late_days
                 THEN ['late_reports'] ELSE [] END
          + CASE WHEN e.kind <> 'listed' AND e.start <> e.end THEN ['imprecise'] ELSE [] END}]
       AS counted_facts
UNWIND counted_facts
       + [c IN changes | {start: c.start, counted: false, change: c.change, columns: []}]
       // The person's latest fact: where the periods end.
       + [{start: last(events).start, counted: false, change: 0, columns: []}] AS item
WITH item, date.truncate($period, date(item.start)) AS start
UNWIND CASE WHEN size(item.columns) = 0 THEN [null] ELSE item.columns END AS column
WITH start,
     count(CASE column WHEN 'first_arrests' THEN 1 END) AS first_arrests,
     count(CASE column WHEN 'rearrests' THEN 1 END) AS rearrests,
     count(CASE column WHEN 'verified_releases' THEN 1 END) AS verified_releases,
     count(CASE column WHEN 'claimed_releases' THEN 1 END) AS claimed_releases,
     count(CASE column WHEN 'house_arrests' THEN 1 END) AS house_arrests,
     count(CASE column WHEN 'disappearances' THEN 1 END) AS disappearances,
     count(CASE column WHEN 'exiles' THEN 1 END) AS exiles,
     count(CASE column WHEN 'deaths' THEN 1 END) AS deaths,
     count(CASE column WHEN 'inferred_arrests' THEN 1 END) AS inferred_arrests,
     count(CASE column WHEN 'inferred_releases' THEN 1 END) AS inferred_releases,
     count(CASE column WHEN 'listed' THEN 1 END) AS listed,
     count(CASE column WHEN 'late_reports' THEN 1 END) AS late_reports,
     count(CASE column WHEN 'imprecise' THEN 1 END) AS imprecise,
     sum(CASE WHEN column IS NULL OR column = item.columns[0] THEN item.change ELSE 0 END) AS change,
     min(CASE WHEN item.counted THEN item.start END) AS first,
     max(item.start) AS last
WITH collect({start: start, change: change, first_arrests: first_arrests, rearrests: rearrests, verified_releases: verified_releases, claimed_releases: claimed_releases, house_arrests: house_arrests, disappearances: disappearances, exiles: exiles, deaths: deaths, inferred_arrests: inferred_arrests, inferred_releases: inferred_releases, listed: listed, late_reports: late_reports, imprecise: imprecise}) AS counts,
     min(first) AS first, max(last) AS last
WHERE first IS NOT NULL
WITH counts, date.truncate($period, date(first)) AS start, date.truncate($period, date(last)) AS end
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
                             detained_at_end: acc.held + coalesce(c.change, 0),
                             house_arrests: coalesce(c.house_arrests, 0),
                             disappearances: coalesce(c.disappearances, 0),
                             exiles: coalesce(c.exiles, 0),
                             deaths: coalesce(c.deaths, 0),
                             inferred_arrests: coalesce(c.inferred_arrests, 0),
                             inferred_releases: coalesce(c.inferred_releases, 0),
                             listed: coalesce(c.listed, 0),
                             late_reports: coalesce(c.late_reports, 0),
                             imprecise: coalesce(c.imprecise, 0)}]}][0]).rows AS rows
UNWIND rows AS row
RETURN row.period AS period,
       row.first_arrests AS first_arrests,
       row.rearrests AS rearrests,
       row.verified_releases AS verified_releases,
       row.claimed_releases AS claimed_releases,
       row.detained_at_end AS detained_at_end,
       row.house_arrests AS house_arrests,
       row.disappearances AS disappearances,
       row.exiles AS exiles,
       row.deaths AS deaths,
       row.inferred_arrests AS inferred_arrests,
       row.inferred_releases AS inferred_releases,
       row.listed AS listed,
       row.late_reports AS late_reports,
       row.imprecise AS imprecise
ORDER BY period
