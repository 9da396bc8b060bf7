// fragment: first_linked
// description: `{{found}}`: the `{{target}}` node that the first of the `{{label}}` records
// description: `{{ids}}` (a cluster's sorted ids, the canonical first) to name one links to by
// description: `{{relationship}}`, else null: an official's institution (MEMBER_OF), a body's
// description: parent (PART_OF). As events.first_linked.
// takes: ids, label, relationship, target, found
WITH *, head([n IN [id IN {{ids}} |
                    head([(m:{{label}} {id: id})-[:{{relationship}}]->(n:{{target}}) | n])]
              WHERE n IS NOT NULL]) AS {{found}}
