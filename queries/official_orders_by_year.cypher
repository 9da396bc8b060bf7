// name: official_orders_by_year
// description: The orders an official issued, by year and kind; years with none left out. An
// description: order counts in the year of its first possible day (2019/2020 in 2019).
// param: official: Official -- the official's id
// columns: year, arrests, releases, transfers, sentences, house_arrests, disappearances
// columns: exiles, deaths, orders
// :params {official: "F0001"}
// include: judged
// include: official_orders
WITH o WHERE o IS NOT NULL
RETURN toInteger(left(toString(o.date_start), 4)) AS year,
       count(CASE o.kind WHEN 'arrest' THEN 1 END) AS arrests,
       count(CASE o.kind WHEN 'release' THEN 1 END) AS releases,
       count(CASE o.kind WHEN 'transfer' THEN 1 END) AS transfers,
       count(CASE o.kind WHEN 'sentence' THEN 1 END) AS sentences,
       count(CASE o.kind WHEN 'house_arrest' THEN 1 END) AS house_arrests,
       count(CASE o.kind WHEN 'disappearance' THEN 1 END) AS disappearances,
       count(CASE o.kind WHEN 'exile' THEN 1 END) AS exiles,
       count(CASE o.kind WHEN 'death' THEN 1 END) AS deaths,
       count(*) AS orders
ORDER BY year
