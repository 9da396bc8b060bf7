// name: official_orders_by_year
// description: The orders an official issued, by year and kind; years with none left out.
// param: official: Official -- the official's id
// columns: year, arrests, releases, transfers, sentences, orders
// :params {official: "F0001"}
MATCH (:Official {id: $official})-[:ISSUED]->(o:Order)-[:CONCERNS]->(:Person)
WITH toInteger(left(toString(o.date), 4)) AS year, o.kind AS kind
RETURN year,
       count(CASE kind WHEN 'arrest' THEN 1 END) AS arrests,
       count(CASE kind WHEN 'release' THEN 1 END) AS releases,
       count(CASE kind WHEN 'transfer' THEN 1 END) AS transfers,
       count(CASE kind WHEN 'sentence' THEN 1 END) AS sentences,
       count(*) AS orders
ORDER BY year
