// fragment: rearrests
// description: the re-arrests in `events` as `rearrests`, a list of {release, previous,
// description: rearrest} (previous: the latest arrest before the release, or null). A
// description: release (or exile) counts when verified, or claimed when `include_claimed`;
// description: the first arrest after a counted release is a re-arrest, paired with the latest
// description: counted release before it. Transfers and sentences interrupt nothing.
WITH *, reduce(walk = {last_arrest: null, pending: null, before: null, found: []}, e IN events |
  CASE
    WHEN e.kind = 'arrest' THEN {
      last_arrest: e, pending: null, before: null,
      found: walk.found + CASE WHEN walk.pending IS NULL THEN [] ELSE
        [{release: walk.pending, previous: walk.before, rearrest: e}] END}
    WHEN e.kind IN ['release', 'exile']
         AND (e.status = 'verified' OR (include_claimed AND e.status = 'claimed'))
      THEN {last_arrest: walk.last_arrest, pending: e, before: walk.last_arrest, found: walk.found}
    ELSE walk
  END).found AS rearrests
