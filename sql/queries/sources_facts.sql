-- Every fact with how many sources back it and which (v_fact_sources), the languages of those
-- sources, for the selected fact types and corroboration classes (empty = all) and a search
-- text whose every word begins a word of the fact's labels, id or sources, without case or
-- accents (empty = all).
with labelled as (
    select
        v.*,
        strip_accents(lower(concat_ws(' ', v.label_vi, v.label_en, v.fact_id, v.source_ids)))
            as haystack
    from v_fact_sources as v
),

words as (
    -- each word of the search text must begin a word of the fact's text
    select distinct strip_accents(lower(u.word)) as word
    from (select unnest(string_split(trim(coalesce($search, '')), ' ')) as word) as u
    where u.word <> ''
),

matched as (
    select
        lb.fact_type,
        lb.fact_id
    from labelled as lb
    inner join words as w
        on regexp_matches(lb.haystack, '(^|[^a-z0-9])' || regexp_escape(w.word))
    group by lb.fact_type, lb.fact_id
    having count(*) = (select count(*) from words)
),

facts as (
    select lb.*
    from labelled as lb
    where
        (len($fact_types) = 0 or list_contains($fact_types, lb.fact_type))
        and (len($corroboration) = 0 or list_contains($corroboration, lb.corroboration))
        and (
            not exists (select 1 from words)
            or exists (
                select 1
                from matched as m
                where m.fact_type = lb.fact_type and m.fact_id = lb.fact_id
            )
        )
),

languages as (
    select
        fs.fact_type,
        fs.fact_id,
        string_agg(distinct s.language, ', ' order by s.language) as languages
    from fact_source as fs
    inner join source as s on fs.source_id = s.source_id
    group by fs.fact_type, fs.fact_id
)

select
    f.fact_type,
    f.fact_id,
    f.label_en,
    f.label_vi,
    f.n_sources,
    f.source_ids,
    l.languages,
    f.corroboration
from facts as f
left join languages as l
    on f.fact_type = l.fact_type and f.fact_id = l.fact_id
order by f.n_sources desc, f.fact_type asc, f.fact_id asc
