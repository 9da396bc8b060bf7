// fragment: custody_steps
// description: each fact of `events` with the custody state before and after it, as
// description: `steps`: {event, before, after}. A state is null (free) or {facility,
// description: placed_by, detained_by, claimed, mode}, mode `held`, `house_arrest` or
// description: `whereabouts_unknown`: an arrest puts the person in custody at its facility, a
// description: transfer moves them (and is evidence of custody even with no arrest on record),
// description: a house arrest holds them at home, a disappearance where nobody knows, a
// description: verified release or exile frees them, a claimed one is noted but frees no one,
// description: a disputed one and a sentence change nothing, a death ends it; a list entry
// description: says held (at its facility, else where they were), at home, whereabouts
// description: unknown, or free.
WITH *, reduce(walk = {state: null, steps: []}, e IN events |
  [next IN [
    CASE
      WHEN e.kind = 'listed' THEN CASE
        WHEN e.status IN ['released', 'exiled', 'dead'] THEN null
        WHEN e.status = 'detained' AND walk.state.mode = 'held' THEN CASE
          WHEN e.facility IS NULL OR e.facility = walk.state.facility THEN walk.state
          ELSE {facility: e.facility, placed_by: e, detained_by: walk.state.detained_by,
                claimed: walk.state.claimed, mode: 'held'}
        END
        ELSE {facility: CASE WHEN e.status = 'detained' THEN e.facility END, placed_by: e,
              detained_by: coalesce(walk.state.detained_by, e), claimed: null,
              mode: CASE e.status WHEN 'detained' THEN 'held' ELSE e.status END}
      END
      WHEN e.kind = 'arrest' THEN
        {facility: e.facility, placed_by: e, detained_by: e, claimed: null, mode: 'held'}
      WHEN e.kind = 'transfer' THEN
        {facility: e.facility, placed_by: e, detained_by: coalesce(walk.state.detained_by, e),
         claimed: null, mode: 'held'}
      WHEN e.kind IN ['house_arrest', 'disappearance'] THEN
        {facility: null, placed_by: e, detained_by: coalesce(walk.state.detained_by, e),
         claimed: null,
         mode: CASE e.kind WHEN 'house_arrest' THEN 'house_arrest' ELSE 'whereabouts_unknown' END}
      WHEN e.kind = 'death' THEN null
      WHEN e.kind IN ['release', 'exile'] THEN CASE
        WHEN walk.state IS NULL THEN null
        WHEN e.status = 'verified' THEN null
        WHEN e.status = 'claimed' AND walk.state.claimed IS NULL THEN
          {facility: walk.state.facility, placed_by: walk.state.placed_by,
           detained_by: walk.state.detained_by, claimed: e, mode: walk.state.mode}
        ELSE walk.state
      END
      ELSE walk.state
    END] |
    {state: next, steps: walk.steps + [{event: e, before: walk.state, after: next}]}][0]).steps
  AS steps
