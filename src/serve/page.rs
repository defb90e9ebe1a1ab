//! The pages people read: `/` (the query page, a static shell whose script is in `page/app.js`),
//! the catalogues as HTML, and an entity's page. Everything is in the binary and the pages load
//! nothing from elsewhere, so they work without an internet connection; the graphs are the
//! server's own SVG. All text from the data is escaped ([`escape`]), and the pages are sent with a
//! Content-Security-Policy that allows this server's own scripts and styles only.

use super::catalog::Kind;
use super::http::Reply;
use super::status::HttpError;
use crate::commands::{Cited, Session};
use crate::output::cite::Origin;
use crate::query::catalog::Catalog;
use crate::rdf::namespaces::{display_iri, HKR};
use crate::store::Lang;
use oxhttp::model::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, X_CONTENT_TYPE_OPTIONS};
use oxhttp::model::StatusCode;
use oxigraph::model::{NamedOrBlankNode, Term};
use std::fmt::Write as _;

const INDEX: &str = include_str!("page/index.html");

/// The page's files: name, media type, contents.
const ASSETS: [(&str, &str, &str); 3] = [
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("page/app.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("page/style.css"),
    ),
    ("icon.svg", "image/svg+xml", include_str!("page/icon.svg")),
];

/// Scripts and styles from this server only; SVG drawings and data URLs as images.
const POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// An HTML page with the server's security headers.
pub fn html(body: String) -> Reply {
    Reply::ok("text/html; charset=utf-8", body.into_bytes())
        .with_header(CONTENT_SECURITY_POLICY, POLICY)
        .with_header(X_CONTENT_TYPE_OPTIONS, "nosniff")
}

/// The query page: a static shell; its script reads the catalogues and runs the queries.
pub fn index() -> Reply {
    html(INDEX.to_owned())
}

pub fn asset(name: &str) -> Result<Reply, HttpError> {
    let (_, media_type, text) = ASSETS
        .iter()
        .find(|(file, _, _)| *file == name)
        .ok_or_else(|| HttpError::new(StatusCode::NOT_FOUND, "no such file"))?;
    Ok(Reply::ok(media_type, text.as_bytes().to_vec())
        .with_header(X_CONTENT_TYPE_OPTIONS, "nosniff")
        .with_header(CACHE_CONTROL, "max-age=300"))
}

/// Text made safe for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The words of the pages in both languages.
struct Words {
    facts_from: &'static str,
    other_graph: &'static str,
    unsourced: &'static str,
    derived_from: &'static str,
    neighbourhood: &'static str,
    data: &'static str,
    query_page: &'static str,
    statements_about: &'static str,
    facts: &'static str,
    name: &'static str,
    title: &'static str,
    parameters: &'static str,
    open: &'static str,
    dumps: &'static str,
    queries: &'static str,
    views: &'static str,
}

const EN: Words = Words {
    facts_from: "Facts, by the passage that states them",
    other_graph: "graph",
    unsourced: "No source passage recorded (the ontology, or data loaded without graphs)",
    derived_from: "derived from",
    neighbourhood: "Neighbourhood (entities view, one hop)",
    data: "Data",
    query_page: "Query page",
    statements_about: "Statements about it",
    facts: "facts",
    name: "Name",
    title: "Title",
    parameters: "Parameters",
    open: "open in the query page",
    dumps: "Dumps",
    queries: "Named queries",
    views: "Graph views",
};

const ZH: Words = Words {
    facts_from: "事實（按陳述它們的段落）",
    other_graph: "圖",
    unsourced: "未記錄來源段落（本體，或不帶圖載入的資料）",
    derived_from: "來源",
    neighbourhood: "鄰近關係（實體視圖，一步）",
    data: "資料",
    query_page: "查詢頁",
    statements_about: "關於它的陳述",
    facts: "項事實",
    name: "名稱",
    title: "標題",
    parameters: "參數",
    open: "在查詢頁開啟",
    dumps: "匯出",
    queries: "具名查詢",
    views: "圖視圖",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// The frame of a server-rendered page: header with the language switch, then `main`.
fn frame(lang: Lang, title: &str, path: &str, main: &str) -> String {
    let other = lang.other();
    let switch = match other {
        Lang::En => "English",
        Lang::Zh => "繁體中文",
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="{tag}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · hkkg</title>
<link rel="icon" href="/assets/icon.svg">
<link rel="stylesheet" href="/assets/style.css">
</head>
<body>
<header class="bar"><a class="brand" href="/?lang={lang}"><img src="/assets/icon.svg" alt="">hkkg</a>
<nav><a href="/?lang={lang}">{query_page}</a> <a href="/queries?lang={lang}">{queries}</a> <a href="/views?lang={lang}">{views}</a>
<a class="lang" href="{path}?lang={other}" hreflang="{other_tag}">{switch}</a></nav></header>
<main class="doc">
{main}
</main>
</body>
</html>
"#,
        tag = lang.tag(),
        title = escape(title),
        lang = lang.name(),
        other = other.name(),
        other_tag = other.tag(),
        query_page = words(lang).query_page,
        queries = words(lang).queries,
        views = words(lang).views,
        path = escape(path),
    )
}

/// The catalogue as a table, each entry linked to the query page.
pub fn catalog(catalog: &Catalog, kind: Kind, lang: Lang) -> String {
    let w = words(lang);
    let (heading, path) = match kind {
        Kind::Queries => (w.queries, "/queries"),
        Kind::Views => (w.views, "/views"),
    };
    let mut main = format!(
        "<h1>{heading}</h1>\n<table class=\"catalog\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        w.name, w.title, w.parameters
    );
    for entry in &catalog.entries {
        let name = escape(&entry.name);
        let params: Vec<String> = entry
            .params
            .iter()
            .map(|p| {
                format!(
                    "<code>{}</code> <span class=\"type\">{}</span> {}",
                    escape(&p.name),
                    p.kind,
                    escape(&p.description)
                )
            })
            .collect();
        let links = match kind {
            Kind::Queries => format!(
                "<a href=\"/?name={name}&amp;lang={}\">{}</a>",
                lang.name(),
                w.open
            ),
            Kind::Views => {
                let dumps: Vec<String> =
                    ["svg", "gexf", "graphml", "json", "cytoscape", "dot", "csv"]
                        .iter()
                        .map(|f| {
                            format!("<a href=\"/views/{name}.{f}?lang={}\">{f}</a>", lang.name())
                        })
                        .collect();
                format!(
                    "<a href=\"/?view={name}&amp;lang={}\">{}</a> · {}: {}",
                    lang.name(),
                    w.open,
                    w.dumps,
                    dumps.join(" ")
                )
            }
        };
        let _ = writeln!(
            main,
            "<tr><td><code>{name}</code></td><td><strong>{}</strong><br><span class=\"muted\">{}</span><br>{links}</td><td>{}</td></tr>",
            escape(match (lang, &entry.title_zh) {
                (Lang::Zh, Some(title)) => title,
                _ => &entry.title,
            }),
            escape(&entry.description),
            params.join("<br>")
        );
    }
    main.push_str("</tbody></table>\n");
    frame(lang, heading, path, &main)
}

/// The page of an entity: its labels, its neighbourhood drawn, and every fact with its passage.
pub fn resource(session: &Session, cited: &Cited, ego: Option<&str>, lang: Lang) -> String {
    let w = words(lang);
    let graph = &session.graph;
    let entity = &cited.entity;
    let subject = entity.as_ref().into();
    let label = graph
        .label(subject, lang)
        .unwrap_or_else(|| display_iri(entity.as_str()));
    let other_label = graph.label(subject, lang.other()).filter(|l| *l != label);
    let local = entity.as_str().strip_prefix(HKR).unwrap_or_default();
    let count: usize = cited.facts.values().map(Vec::len).sum();
    let mut main = format!(
        "<h1>{}</h1>\n{}<p class=\"iri\"><code>{}</code> · <a href=\"{}\">{}</a> · {count} {}</p>\n",
        escape(&label),
        other_label.map_or_else(String::new, |l| format!("<p class=\"alt-label\">{}</p>\n", escape(&l))),
        escape(&display_iri(entity.as_str())),
        escape(entity.as_str()),
        escape(entity.as_str()),
        w.facts,
    );
    let _ = writeln!(
        main,
        "<p class=\"links\">{}: <a href=\"/resource/{local}?format=turtle\">Turtle</a> · <a href=\"/resource/{local}?format=jsonld\">JSON-LD</a> · <a href=\"/resource/{local}?format=trig\">TriG</a> · <a href=\"/?name=statements-about&amp;topic=hkr:{local}&amp;lang={}&amp;run=1\">{}</a></p>",
        w.data,
        lang.name(),
        w.statements_about,
    );
    if let Some(svg) = ego {
        let _ = writeln!(
            main,
            "<section class=\"ego\"><h2>{}</h2><div class=\"drawing\">{}</div></section>",
            w.neighbourhood,
            strip_prolog(svg)
        );
    }
    let _ = writeln!(main, "<h2>{}</h2>", w.facts_from);
    for (origin, quads) in &cited.facts {
        main.push_str("<section class=\"passage\">\n");
        match origin {
            Origin::Passage {
                line_start,
                line_end,
                iri,
                text,
            } => {
                let span = if line_start == line_end {
                    line_start.to_string()
                } else {
                    format!("{line_start}–{line_end}")
                };
                let lines = match (lang, line_start == line_end) {
                    (Lang::Zh, _) => format!("第 {span} 行"),
                    (Lang::En, true) => format!("line {span}"),
                    (Lang::En, false) => format!("lines {span}"),
                };
                let _ = writeln!(
                    main,
                    "<h3><code>{}</code> · {lines}</h3>\n<blockquote lang=\"zh-Hant\">「{}」</blockquote>",
                    escape(&display_iri(iri)),
                    escape(text)
                );
            }
            Origin::Graph { iri, derived_from } => {
                let _ = writeln!(
                    main,
                    "<h3>{} <code>{}</code>{}</h3>",
                    w.other_graph,
                    escape(&display_iri(iri)),
                    derived_from
                        .as_deref()
                        .map_or_else(String::new, |d| format!(
                            " · {} {}",
                            w.derived_from,
                            escape(d)
                        ))
                );
            }
            Origin::Unsourced => {
                let _ = writeln!(main, "<h3>{}</h3>", w.unsourced);
            }
        }
        main.push_str("<table class=\"facts\"><tbody>\n");
        for quad in quads {
            let subject_term: Term = match &quad.subject {
                NamedOrBlankNode::NamedNode(node) => node.clone().into(),
                NamedOrBlankNode::BlankNode(node) => node.clone().into(),
            };
            let _ = writeln!(
                main,
                "<tr><td>{}</td><td class=\"predicate\">{}</td><td>{}</td></tr>",
                term_html(session, &subject_term, lang, entity.as_str()),
                term_html(session, &quad.predicate.clone().into(), lang, ""),
                term_html(session, &quad.object, lang, entity.as_str()),
            );
        }
        main.push_str("</tbody></table>\n</section>\n");
    }
    frame(lang, &label, &format!("/resource/{local}"), &main)
}

/// A term in a fact: an entity by its label, linked to its page (the page's own entity in bold);
/// a literal as its value, with its language.
fn term_html(session: &Session, term: &Term, lang: Lang, current: &str) -> String {
    match term {
        Term::NamedNode(node) => {
            let shown = session
                .graph
                .label(node.as_ref().into(), lang)
                .unwrap_or_else(|| display_iri(node.as_str()));
            let title = escape(&display_iri(node.as_str()));
            match node.as_str().strip_prefix(HKR) {
                Some(_) if node.as_str() == current => {
                    format!("<strong title=\"{title}\">{}</strong>", escape(&shown))
                }
                Some(local) => format!(
                    "<a href=\"/resource/{}?lang={}\" title=\"{title}\">{}</a>",
                    escape(local),
                    lang.name(),
                    escape(&shown)
                ),
                None => format!("<span title=\"{title}\">{}</span>", escape(&shown)),
            }
        }
        Term::Literal(literal) => {
            let tag = literal
                .language()
                .map_or_else(String::new, |l| format!(" lang=\"{}\"", escape(l)));
            format!(
                "<span class=\"literal\"{tag}>{}</span>",
                escape(literal.value())
            )
        }
        other => format!("<code>{}</code>", escape(&other.to_string())),
    }
}

/// An SVG document without its XML declaration and DOCTYPE, to sit inside HTML.
fn strip_prolog(svg: &str) -> &str {
    svg.find("<svg").map_or(svg, |start| &svg[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_data_is_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn drawings_lose_their_prolog() {
        assert_eq!(
            strip_prolog("<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg a=\"1\"></svg>"),
            "<svg a=\"1\"></svg>"
        );
    }
}
