-- Console example: the legal instruments of one jurisdiction that reached a given stage.
select
    l.title_en,
    l.title_vi,
    l.kind,
    l.stage,
    l.adopted_text,
    l.votes_for,
    l.votes_present,
    l.effective_text,
    l.source_ids
from v_legal_instruments as l
where l.jurisdiction = $jurisdiction and l.stage = $stage
order by l.adopted_start nulls last, l.title_en
