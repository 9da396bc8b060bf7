// fragment: cluster
// description: `{{id}}`: the canonical id of the record `{{node}}`, and `{{ids}}`: the sorted
// description: ids merged into it (see judged, which must be in scope).
// takes: node, id, ids
WITH *,
     CASE
       WHEN {{node}} IS NULL THEN null
       WHEN NOT EXISTS { ({{node}})-[:JUDGED]-() } THEN {{node}}.id
       ELSE head([j IN judged WHERE j[0] = elementId({{node}}) | j[1]])
     END AS {{id}},
     CASE
       WHEN {{node}} IS NULL THEN []
       WHEN NOT EXISTS { ({{node}})-[:JUDGED]-() } THEN [{{node}}.id]
       ELSE head([j IN judged WHERE j[0] = elementId({{node}}) | j[2]])
     END AS {{ids}}
