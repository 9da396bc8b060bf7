// fragment: infer
// description: `events`: a person's `facts` (in order) with the orders their status lists
// description: reveal (unless `recorded_only`), nothing after a death, and only the kinds in
// description: `kinds` (null: all); `all_events` before that last filter.
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
             [first IN [toString(date(last(w.out).end) + duration({days: 1}))] |
               // the previous fact may have ended as late as the list's day
               [lo IN [CASE WHEN first <= f.start THEN first ELSE last(w.out).start END] |
                 {id: '~' + f.id, kind: CASE says WHEN 'held' THEN 'arrest' ELSE 'release' END,
                  date: CASE WHEN lo = f.start THEN f.start ELSE lo + '/' + f.start END,
                  start: lo, end: f.start, status: 'verified', official: null,
                  facility: CASE says WHEN 'held' THEN f.facility END, institution: null,
                  inferred: true, known: f.known, conditions: []}][0]]
           ELSE [] END
         + [f]}][0]
  END).out AS all_events
WITH *, [e IN all_events WHERE kinds IS NULL OR e.kind IN kinds] AS events
