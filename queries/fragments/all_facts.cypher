// fragment: all_facts
// description: one row per person (a cluster of records judged the same is one person):
// description: `person_id` (canonical), `person_ids` and `events`, their orders and
// description: status-list entries known by `known_by` (null: all), as maps (see fact_map), in
// description: order, with the orders the lists reveal (see infer). Read in one pass over the
// description: records, not person by person.
// include: all_records
// include: infer
