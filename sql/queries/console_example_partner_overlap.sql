-- Console example: pairs of partners sharing at least a given number of cooperation domains.
select
    o.partner_a,
    o.partner_b,
    o.n_shared,
    round(o.jaccard, 3) as jaccard,
    o.shared_domain_ids
from v_partner_overlap as o
where o.n_shared >= cast($min_shared as integer)
order by o.n_shared desc, o.jaccard desc
