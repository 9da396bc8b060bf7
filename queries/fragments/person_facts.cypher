// fragment: person_facts
// description: each person `p` (one row per cluster of records judged the same: other
// description: members' rows are dropped) with `person_id` (canonical), `person_ids` and
// description: `events`: their orders and status-list entries (kind `listed`) known by
// description: `known_by` (null: all), as maps {id, kind, date, start, end, status, official,
// description: facility, institution, inferred, known, conditions}, in order (first possible
// description: day, orders before list entries, time of day, arrest ... release ... death, id),
// description: with the orders the lists reveal (unless `recorded_only`), nothing after a death,
// description: and only the kinds in `kinds`.
// include: person_records
// include: inferred_orders
