-- The cooperation-domain taxonomy: each domain with its group, its labels and the words that
-- name it in Vietnamese, English, French and Norwegian. Largest groups first.
with group_size as (
    select
        d.group_id,
        count(*) as n_domains
    from domain as d
    group by d.group_id
),

terms as (
    select
        s.domain_id,
        string_agg(s.term, '; ' order by s.term) filter (where s.language = 'vi') as terms_vi,
        string_agg(s.term, '; ' order by s.term) filter (where s.language = 'en') as terms_en,
        string_agg(s.term, '; ' order by s.term) filter (where s.language = 'fr') as terms_fr,
        string_agg(s.term, '; ' order by s.term) filter (where s.language = 'no') as terms_no,
        count(*) as n_terms
    from domain_synonym as s
    group by s.domain_id
)

select
    g.group_id,
    g.label_vi as group_label_vi,
    g.label_en as group_label_en,
    gs.n_domains as group_n_domains,
    d.domain_id,
    d.label_vi,
    d.label_en,
    d.description_en,
    t.terms_vi,
    t.terms_en,
    t.terms_fr,
    t.terms_no,
    coalesce(t.n_terms, 0) as n_terms
from domain as d
inner join domain_group as g on d.group_id = g.group_id
inner join group_size as gs on d.group_id = gs.group_id
left join terms as t on d.domain_id = t.domain_id
order by gs.n_domains desc, g.label_en asc, d.label_en asc
