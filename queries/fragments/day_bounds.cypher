// fragment: day_bounds
// description: `{{first}}` and `{{last}}`: the first and last possible day of the date
// description: `{{date}}` as stored (2019, 2019-03, 2019-03-10, 2019-03/2019-05, with ~ or ?).
// takes: date, first, last
WITH *,
     CASE WHEN {{date}} IS NULL THEN null ELSE
       [d IN [split(replace(replace(toString({{date}}), '~', ''), '?', ''), '/')[0]] |
         CASE size(d) WHEN 4 THEN d + '-01-01' WHEN 7 THEN d + '-01' ELSE left(d, 10) END][0]
     END AS {{first}},
     CASE WHEN {{date}} IS NULL THEN null ELSE
       [d IN [last(split(replace(replace(toString({{date}}), '~', ''), '?', ''), '/'))] |
         CASE size(d)
           WHEN 4 THEN d + '-12-31'
           WHEN 7 THEN toString(date(d + '-01') + duration({months: 1}) - duration({days: 1}))
           ELSE left(d, 10)
         END][0]
     END AS {{last}}
