-- Domain groups that hold at least one cooperation link, for the cooperation page's group
-- filter, in the order of the matrix columns (groups with the most partner-domain pairs first).
with domain_cells as (
    select
        d.domain_id,
        d.group_id,
        count(distinct l.partner_id) as n_partners
    from domain as d
    left join cooperation_link as l on d.domain_id = l.domain_id
    group by d.domain_id, d.group_id
)

select
    g.group_id,
    g.label_vi,
    g.label_en,
    count(*) filter (where dc.n_partners > 0) as n_domains,
    row_number() over (order by sum(dc.n_partners) desc, g.group_id asc) as group_rank
from domain_cells as dc
inner join domain_group as g on dc.group_id = g.group_id
group by g.group_id, g.label_vi, g.label_en
having sum(dc.n_partners) > 0
order by group_rank
