create table source (
    source_id varchar primary key,
    url varchar,
    url_note varchar,
    publisher varchar not null,
    published_text varchar,
    published_precision varchar not null,
    published_start date,
    published_end date,
    published_inferred boolean not null,
    published_note varchar,
    language varchar not null,
    original_language varchar,
    kind varchar not null,
    parent_source_id varchar,
    via varchar,
    description_en varchar not null,
    description_vi varchar not null
);
