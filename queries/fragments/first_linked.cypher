// fragment: first_linked
// description: `{{found}}`: the `{{target}}` node that the first of the `{{label}}` records
// description: `{{ids}}` (the sorted ids of the cluster of `{{node}}`, the canonical first) to
// description: name one links to by `{{relationship}}`, else null: an official's institution
// description: (MEMBER_OF), a body's parent (PART_OF). As events.first_linked.
// takes: node, ids, label, relationship, target, found
// A record judged the same as no other (most) is read from its node: no lookup by id.
WITH *, CASE
       WHEN size({{ids}}) = 1 AND {{node}} IS NOT NULL
         THEN head([({{node}})-[:{{relationship}}]->(n:{{target}}) | n])
       ELSE head([n IN [id IN {{ids}} |
                        head([(:{{label}} {id: id})-[:{{relationship}}]->(n:{{target}}) | n])]
                  WHERE n IS NOT NULL])
     END AS {{found}}
