// name: institution_parts
// description: An institution and every body part of it, at any depth, one row each. depth:
// description: steps down from the institution (0: itself); parent_id: the body each is part
// description: of; officials and orders: the officials who belong to that body and the orders it
// description: issued, as given (no roll-up: the rows add up to the profile's). Sorted by depth,
// description: then institution_id.
// param: institution: Institution -- the institution's id
// columns: institution_id, institution_name, kind, parent_id, depth, officials, orders
// :params {institution: "I-MININT"}
// include: judged
// include: institution_orders
// include: institution_members
UNWIND parts AS part
WITH part.body AS body_id, part.depth AS depth, part.ids AS body_ids, orders, members,
     judged
MATCH (body:Institution {id: body_id})
// include: first_linked(node=body, ids=body_ids, label=Institution, relationship=PART_OF, target=Institution, found=parent_record)
// include: cluster(node=parent_record, id=parent_id, ids=parent_members)
RETURN body_id AS institution_id,
       body.name AS institution_name,
       body.kind AS kind,
       parent_id,
       depth,
       size([m IN members WHERE m.body = body_id]) AS officials,
       size([e IN orders WHERE e.body = body_id]) AS orders
ORDER BY depth, institution_id
