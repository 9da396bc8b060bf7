// name: sanctioned_officials
// description: Officials ranked by re-arrests (rearrests_by_official's rules and filters), each with the
// description: reference entities (sanctions lists, PEPs: detnet import-ftm) judged the same as them, and
// description: those entities' sanction authorities, programmes, first sanction date and datasets. Sorted
// description: by rearrests descending, then official_id; re-arrests with no known official are left out.
// param: matched_only: bool = false -- only officials matched to a reference entity
// param: official: Official = null -- only re-arrests ordered by this official id
// param: institution: Institution = null -- only re-arrests issued by this body or any part of it
// param: max_days: int = null -- only re-arrests that could have come this many days after the release
// param: since: date = null -- only re-arrests whose possible days reach this date or later
// param: until: date = null -- only re-arrests whose possible days reach this date or earlier
// param: include_claimed: bool = false -- count releases announced but not verified
// param: exact_dates: bool = false -- only re-arrests whose two dates are single days
// param: recorded_only: bool = false -- walk recorded orders alone: nothing inferred from lists
// param: as_known_on: date = null -- only records known by this day
// columns: official_id, official_name, rearrests, persons, reference_ids, reference_names, authorities, programmes, sanctioned_since, datasets
// :params {matched_only: false, official: null, institution: null, max_days: null, since: null, until: null, include_claimed: false, exact_dates: false, recorded_only: false, as_known_on: null}
// include: judged
// include: rearrest_rows
WITH rearrest.official AS official_id, person_id
WHERE official_id IS NOT NULL
WITH official_id, count(*) AS rearrests, count(DISTINCT person_id) AS persons
OPTIONAL MATCH (named:Official {id: official_id})
OPTIONAL MATCH (named)-[:MATCHED]->(ref:Reference)
WITH official_id, named.name AS official_name, rearrests, persons, ref
ORDER BY ref.id
WITH official_id, official_name, rearrests, persons, collect(ref) AS refs
WHERE NOT $matched_only OR size(refs) > 0
CALL {
  WITH refs
  UNWIND refs AS r
  UNWIND r.authorities AS authority
  WITH DISTINCT authority ORDER BY authority
  RETURN collect(authority) AS authorities
}
CALL {
  WITH refs
  UNWIND refs AS r
  UNWIND r.programmes AS programme
  WITH DISTINCT programme ORDER BY programme
  RETURN collect(programme) AS programmes
}
CALL {
  WITH refs
  UNWIND refs AS r
  UNWIND r.datasets AS dataset
  WITH DISTINCT dataset ORDER BY dataset
  RETURN collect(dataset) AS datasets
}
CALL {
  WITH refs
  UNWIND refs AS r
  WITH r.sanctioned_since AS since WHERE since IS NOT NULL
  RETURN min(since) AS sanctioned_since
}
RETURN official_id, official_name, rearrests, persons,
       [r IN refs | r.id] AS reference_ids,
       [r IN refs | r.name] AS reference_names,
       authorities, programmes, sanctioned_since, datasets
ORDER BY rearrests DESC, official_id
