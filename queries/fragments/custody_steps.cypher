// fragment: custody_steps
// description: each order of `events` with the custody state before and after it, as
// description: `steps`: {event, before, after}. A state is null (free) or {facility,
// description: placed_by, detained_by, claimed}: an arrest puts the person in custody at its
// description: facility, a transfer moves them (and is evidence of custody even with no
// description: arrest on record), a verified release frees them, a claimed release is noted
// description: but frees no one, a disputed release and a sentence change nothing.
WITH *, reduce(walk = {state: null, steps: []}, e IN events |
  [next IN [
    CASE e.kind
      WHEN 'arrest' THEN {facility: e.facility, placed_by: e, detained_by: e, claimed: null}
      WHEN 'transfer' THEN {facility: e.facility, placed_by: e,
                            detained_by: coalesce(walk.state.detained_by, e), claimed: null}
      WHEN 'release' THEN CASE
        WHEN walk.state IS NULL THEN null
        WHEN e.status = 'verified' THEN null
        WHEN e.status = 'claimed' AND walk.state.claimed IS NULL THEN
          {facility: walk.state.facility, placed_by: walk.state.placed_by,
           detained_by: walk.state.detained_by, claimed: e}
        ELSE walk.state
      END
      ELSE walk.state
    END] |
    {state: next, steps: walk.steps + [{event: e, before: walk.state, after: next}]}][0]).steps
  AS steps
