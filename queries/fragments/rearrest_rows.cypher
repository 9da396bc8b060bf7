// fragment: rearrest_rows
// description: one row per re-arrest of each person `p` that passes the revolving-door
// description: filters ($official, $max_days, $since, $until; releases counted as
// description: $include_claimed says): `release`, `previous` and `rearrest` (event maps) and
// description: `days_free`.
WITH p, ['arrest', 'release'] AS kinds, $include_claimed AS include_claimed
// include: person_events
// include: rearrests
UNWIND rearrests AS r
WITH p, r.release AS release, r.previous AS previous, r.rearrest AS rearrest,
     duration.inDays(date(left(r.release.date, 10)), date(left(r.rearrest.date, 10))).days AS days_free
WHERE ($official IS NULL OR rearrest.official = $official)
  AND ($max_days IS NULL OR days_free <= $max_days)
  AND ($since IS NULL OR left(rearrest.date, 10) >= left($since, 10))
  AND ($until IS NULL OR left(rearrest.date, 10) <= left($until, 10))
