//! Each named query against the answer the source gives. Expected values are read off the source
//! text (line numbers in comments), not off the data files.

use hkkg::query::catalog::{Catalog, Kind};
use hkkg::query::entity::Lookup;
use hkkg::query::params::{self, Assignment};
use hkkg::query::search::SearchIndex;
use hkkg::query::sparql::execute;
use hkkg::{KnowledgeGraph, Lang};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

const HKR: &str = "https://w3id.org/hkkg/resource/";

type Row = BTreeMap<String, String>;

fn graph() -> &'static KnowledgeGraph {
    static GRAPH: OnceLock<KnowledgeGraph> = OnceLock::new();
    GRAPH.get_or_init(|| KnowledgeGraph::bundled().expect("the bundled data loads"))
}

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| SearchIndex::build(graph()))
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::load(Kind::Query, &[] as &[&str]).expect("the named queries parse")
    })
}

/// Runs a named query; IRIs in hkr: come back as `hkr:local`, literals as their lexical value.
fn run(name: &str, params: &[(&str, &str)], lang: Lang) -> Vec<Row> {
    let query = catalog().find(name).expect("the query exists");
    let given: Vec<Assignment> = params
        .iter()
        .map(|(k, v)| Assignment {
            name: k.to_string(),
            value: v.to_string(),
        })
        .collect();
    let bindings = params::bind(&Lookup::new(graph(), index()), query, &given, lang)
        .expect("the parameters bind")
        .values;
    let QueryResults::Solutions(solutions) =
        execute(graph(), &query.text, &bindings).expect("the query runs")
    else {
        panic!("{name} is a SELECT query");
    };
    solutions
        .map(|solution| {
            solution
                .expect("a solution")
                .iter()
                .map(|(variable, term)| (variable.as_str().to_owned(), show(term)))
                .collect()
        })
        .collect()
}

fn show(term: &Term) -> String {
    match term {
        Term::NamedNode(node) => node
            .as_str()
            .strip_prefix(HKR)
            .map_or_else(|| node.as_str().to_owned(), |local| format!("hkr:{local}")),
        Term::Literal(literal) => literal.value().to_owned(),
        other => other.to_string(),
    }
}

fn column(rows: &[Row], name: &str) -> Vec<String> {
    rows.iter()
        .map(|row| row.get(name).cloned().unwrap_or_default())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn split_set(joined: &str, separator: &str) -> BTreeSet<String> {
    joined
        .split(separator)
        .map(|s| s.trim().to_owned())
        .collect()
}

#[test]
fn at_least_fifteen_named_queries_ship_and_each_runs_with_its_defaults() {
    assert!(
        catalog().entries.len() >= 15,
        "only {} named queries",
        catalog().entries.len()
    );
    for query in &catalog().entries {
        for lang in [Lang::En, Lang::Zh] {
            let rows = run(&query.name, &[], lang);
            assert!(
                !rows.is_empty(),
                "{} ({lang:?}) returns nothing on the bundled data",
                query.name
            );
        }
    }
}

#[test]
fn visit_timeline_lists_the_three_visits_in_date_order() {
    // Lines 34-53: 2023-02-04..11 Saudi Arabia + UAE, 逾30 (more than 30); 2025-05-10..15 Qatar + Kuwait,
    // 50多 (fifty-odd: at least 50, fewer than 60); 2026-06-01..05 Kazakhstan + Uzbekistan, 75.
    let rows = run("visit-timeline", &[], Lang::En);
    assert_eq!(
        column(&rows, "start"),
        ["2023-02-04", "2025-05-10", "2026-06-01"]
    );
    assert_eq!(
        column(&rows, "end"),
        ["2023-02-11", "2025-05-15", "2026-06-05"]
    );
    assert_eq!(
        column(&rows, "delegates"),
        ["more than 30", "at least 50, fewer than 60", "75"]
    );
    // The source's own words for the bounds in Chinese: 逾30, and 50多 spelt out.
    assert_eq!(
        column(&run("visit-timeline", &[], Lang::Zh), "delegates"),
        ["逾30", "至少50，少於60", "75"]
    );
    let countries: Vec<BTreeSet<String>> = column(&rows, "countries")
        .iter()
        .map(|c| split_set(c, ","))
        .collect();
    assert_eq!(countries[0], set(&["Saudi Arabia", "United Arab Emirates"]));
    assert_eq!(countries[1], set(&["Qatar", "Kuwait"]));
    assert_eq!(countries[2], set(&["Kazakhstan", "Uzbekistan"]));
    // Line 32 makes all three the Chief Executive's visits; 李家超 is named as leader for 2026 only (line
    // 89). Line 46 says only that he announced the visas during the 2025 visit, so that visit's leader is
    // the post (his leading it is a curated inference, loaded with --with-inferences: tests/cli.rs).
    assert_eq!(
        column(&rows, "leader"),
        [
            "hkr:post-chief-executive",
            "hkr:post-chief-executive",
            "hkr:john-lee"
        ]
    );
    assert_eq!(
        column(&rows, "region"),
        ["hkr:middle-east", "hkr:middle-east", "hkr:central-asia"]
    );
}

#[test]
fn visit_timeline_filters_by_a_country_given_by_label_in_either_language() {
    for country in ["卡塔爾", "Qatar", "hkr:qatar"] {
        let rows = run("visit-timeline", &[("country", country)], Lang::Zh);
        assert_eq!(
            column(&rows, "visit"),
            ["hkr:visit-2025-middle-east"],
            "country={country}"
        );
        // The bound country restricts the visits, not the list of countries shown.
        assert_eq!(
            split_set(&rows[0]["countries"], ","),
            set(&["卡塔爾", "科威特"])
        );
    }
}

#[test]
fn visits_between_keeps_visits_overlapping_the_period() {
    let rows = run(
        "visits-between",
        &[("from", "2024-01-01"), ("to", "2026-06-01")],
        Lang::En,
    );
    let visits: BTreeSet<String> = column(&rows, "visit").into_iter().collect();
    assert_eq!(
        visits,
        set(&["hkr:visit-2025-middle-east", "hkr:visit-2026-central-asia"])
    );
    assert_eq!(rows.len(), 4, "two countries each");
}

#[test]
fn agreements_per_visit_and_in_total() {
    // Line 39: 13 MoUs or letters of intent; line 46: 59 MoUs and agreements; line 53: 96 agreements and
    // MoUs, those with specific amounts worth over US$1.65 billion.
    let rows = run("agreements-per-visit", &[], Lang::En);
    assert_eq!(column(&rows, "agreements"), ["13", "59", "96"]);
    assert_eq!(column(&rows, "min_value"), ["", "", "1650000000"]);
    // 逾16.5億美元: more than, an exclusive bound.
    assert_eq!(column(&rows, "min_value_exclusive"), ["", "", "true"]);
    assert_eq!(rows[2]["currency"], "USD");
    assert!(
        rows[0]["kinds"].contains("letter of intent"),
        "{}",
        rows[0]["kinds"]
    );
    let total = run("agreements-total", &[], Lang::En);
    assert_eq!(total.len(), 1);
    assert_eq!(total[0]["visits"], "3");
    assert_eq!(total[0]["agreements"], "168");
    assert_eq!(total[0]["min_value_usd"], "1650000000");
    assert_eq!(total[0]["min_value_exclusive"], "true");
}

#[test]
fn visa_free_days_by_country() {
    // Line 46: Qatar and UAE 30 days for HKSAR passport holders, announced by John Lee; Oman extended to
    // 14 days. Line 53: relaxed to 30 days with Kazakhstan and Uzbekistan.
    let rows = run("visa-free-days", &[], Lang::En);
    let days: BTreeMap<String, String> = rows
        .iter()
        .map(|r| (r["country"].clone(), r["days"].clone()))
        .collect();
    let expected: BTreeMap<String, String> = [
        ("hkr:qatar", "30"),
        ("hkr:uae", "30"),
        ("hkr:oman", "14"),
        ("hkr:kazakhstan", "30"),
        ("hkr:uzbekistan", "30"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(days, expected);
    let qatar = rows.iter().find(|r| r["country"] == "hkr:qatar").unwrap();
    assert_eq!(
        qatar.get("announced_by").map(String::as_str),
        Some("hkr:john-lee")
    );
    assert_eq!(
        qatar.get("holders").map(String::as_str),
        Some("hkr:hksar-passport")
    );
    let oman = rows.iter().find(|r| r["country"] == "hkr:oman").unwrap();
    assert_eq!(
        oman.get("change").map(String::as_str),
        Some("hkr:visa-change-extended")
    );
    // The source names no holders and no grantor for the 2026 consensus: nothing may be filled in.
    let kazakhstan = rows
        .iter()
        .find(|r| r["country"] == "hkr:kazakhstan")
        .unwrap();
    assert!(kazakhstan.get("holders").is_none() && kazakhstan.get("granted_by").is_none());
    assert_eq!(
        run("visa-free-days", &[("min_days", "20")], Lang::En).len(),
        4
    );
    assert_eq!(
        column(
            &run("visa-free-days", &[("country", "阿曼")], Lang::En),
            "days"
        ),
        ["14"]
    );
}

#[test]
fn outcomes_by_country_tie_the_named_outcomes_to_their_countries() {
    let rows = run(
        "outcomes-by-country",
        &[("country", "Uzbekistan")],
        Lang::En,
    );
    let kinds: BTreeSet<String> = column(&rows, "kind").into_iter().collect();
    // The museum partnership (line 53) is between two museums, not with the country.
    assert!(
        !kinds
            .iter()
            .any(|k| k.ends_with("InstitutionalPartnership")),
        "{kinds:?}"
    );
    for kind in ["ConsulateEstablishment", "VisaArrangement"] {
        assert!(
            kinds.iter().any(|k| k.ends_with(kind)),
            "Uzbekistan lacks {kind}: {kinds:?}"
        );
    }
    let rows = run(
        "outcomes-by-country",
        &[("country", "Kazakhstan")],
        Lang::En,
    );
    let route = rows
        .iter()
        .find(|r| r["outcome"] == "hkr:air-route-hk-almaty")
        .expect("the Almaty route");
    assert_eq!(
        route["tie"], "destination",
        "Almaty lies in Kazakhstan (line 53)"
    );
    let rows = run(
        "outcomes-by-country",
        &[("country", "Saudi Arabia")],
        Lang::En,
    );
    assert_eq!(
        column(&rows, "outcome"),
        ["hkr:outcome-2023-ippa-negotiation-sa"]
    );
}

#[test]
fn outcomes_of_a_visit_come_with_their_passage() {
    let rows = run(
        "outcomes-of-visit",
        &[("visit", "hkr:visit-2023-middle-east")],
        Lang::En,
    );
    let outcomes: BTreeSet<String> = column(&rows, "outcome").into_iter().collect();
    assert_eq!(
        outcomes,
        set(&[
            "hkr:outcome-2023-agreements",
            "hkr:outcome-2023-green-finance-mou-discussion-ae",
            "hkr:outcome-2023-ippa-negotiation-sa"
        ])
    );
    assert!(column(&rows, "passage")
        .iter()
        .all(|p| p.ends_with("/passage/p039")));
}

#[test]
fn delegations_keep_lower_bounds_apart_from_exact_sizes() {
    let rows = run("delegations", &[], Lang::Zh);
    assert_eq!(column(&rows, "size"), ["30", "50", "75"]);
    assert_eq!(column(&rows, "is_lower_bound"), ["true", "true", "false"]);
    // Line 38 逾30: more than 30 (exclusive); line 45 50多: at least 50 and fewer than 60.
    assert_eq!(
        column(&rows, "lower_bound_exclusive"),
        ["true", "false", ""]
    );
    assert_eq!(column(&rows, "upper_bound"), ["", "60", ""]);
    assert_eq!(column(&rows, "upper_bound_exclusive"), ["", "true", ""]);
    assert!(
        rows[0]["composition"].contains("財經、工商"),
        "{}",
        rows[0]["composition"]
    );
    // The make-up as structure: line 38's sectors, lines 45 and 52's two kinds of representatives.
    assert_eq!(
        split_set(&rows[0]["member_sectors"], ";"),
        set(&["財經", "工商"])
    );
    for row in &rows[1..] {
        assert_eq!(
            split_set(&row["member_kinds"], ";"),
            set(&["香港商貿代表", "內地企業代表"])
        );
    }
}

#[test]
fn who_said_what_attributes_statements_to_the_people_interviewed() {
    let rows = run("who-said-what", &[], Lang::En);
    let speakers: BTreeSet<String> = column(&rows, "speaker").into_iter().collect();
    for person in [
        "hkr:elizabeth-quat",
        "hkr:xi-chunying",
        "hkr:liu-chang",
        "hkr:xue-er",
        "hkr:zhang-wenrong",
    ] {
        assert!(
            speakers.contains(person),
            "{person} says nothing: {speakers:?}"
        );
    }
    let quat = run("who-said-what", &[("speaker", "葛珮帆")], Lang::En);
    assert!(quat.iter().all(|r| r["speaker"] == "hkr:elizabeth-quat"));
    // Line 97: 「低空跨境飛行正是「軟聯通」的具體實踐」 is hers.
    assert!(quat.iter().any(|r| r["text"].contains("低空跨境飛行")));
}

#[test]
fn the_alliance_made_six_proposals_in_the_order_the_source_lists_them() {
    // Line 99.
    let rows = run("alliance-proposals", &[], Lang::En);
    assert_eq!(
        column(&rows, "text"),
        [
            "智慧通關",
            "擴大CEPA免稅範圍",
            "平台與資質互認",
            "「先貨後人」試點航線",
            "區塊鏈跨境管理系統",
            "大灣區適航互認綠色通道"
        ]
    );
    assert_eq!(column(&rows, "ordinal"), ["1", "2", "3", "4", "5", "6"]);
    assert!(column(&rows, "presented_by")
        .iter()
        .all(|p| p == "hkr:elizabeth-quat"));
}

#[test]
fn people_hold_the_posts_the_source_gives() {
    let rows = run("people-and-posts", &[], Lang::Zh);
    let posts: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r["person"].clone(), r["role"].clone()))
        .collect();
    for (person, role) in [
        ("hkr:elizabeth-quat", "立法會議員"),
        ("hkr:elizabeth-quat", "創會會長"),
        ("hkr:xi-chunying", "主席"),
        ("hkr:liu-chang", "總召集人"),
        ("hkr:liu-chang", "客座教授"),
    ] {
        assert!(
            posts.contains(&(person.to_owned(), role.to_owned())),
            "{person} {role} missing: {posts:?}"
        );
    }
}

#[test]
fn platforms_have_their_roles_and_cooperation_areas() {
    // Line 75: Qianhai — finance, construction engineering, intellectual property, legal services, youth
    // innovation and entrepreneurship; Nansha — shipping, I&T, education, talent exchange.
    let rows = run("platforms", &[], Lang::Zh);
    assert_eq!(
        column(&rows, "platform"),
        ["hkr:hetao", "hkr:nansha", "hkr:qianhai"]
    );
    let qianhai = &rows[2];
    assert!(
        qianhai["roles"].contains("先行先試"),
        "{}",
        qianhai["roles"]
    );
    assert_eq!(
        split_set(&qianhai["areas"], ",").len(),
        5,
        "{}",
        qianhai["areas"]
    );
    assert_eq!(
        split_set(&rows[1]["areas"], ",").len(),
        4,
        "{}",
        rows[1]["areas"]
    );
    assert!(rows[1]["roles"].contains("對外開放門戶"));
}

#[test]
fn the_policy_tree_has_four_directions_and_thirteen_points() {
    // Lines 7-30.
    let rows = run("policy-tree", &[], Lang::En);
    assert_eq!(
        column(&rows, "number"),
        [
            "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "3.1", "3.2", "3.3", "4.1", "4.2",
            "4.3"
        ]
    );
    let directions: BTreeSet<String> = column(&rows, "direction").into_iter().collect();
    assert_eq!(directions.len(), 4);
    let connectivity: BTreeMap<String, String> = rows
        .iter()
        .filter_map(|r| Some((r["number"].clone(), r.get("connectivity")?.clone())))
        .collect();
    assert_eq!(
        connectivity.get("1.2").map(String::as_str),
        Some("hkr:connectivity-hard")
    );
    assert_eq!(
        connectivity.get("1.3").map(String::as_str),
        Some("hkr:connectivity-soft")
    );
    assert_eq!(
        connectivity.get("1.4").map(String::as_str),
        Some("hkr:connectivity-heart")
    );
    assert_eq!(
        run("policy-tree", &[("direction", "hkr:direction-3")], Lang::En).len(),
        3
    );
}

#[test]
fn soft_connectivity_gathers_the_alliance_proposals() {
    let rows = run("connectivities", &[], Lang::En);
    let soft_proposals = rows
        .iter()
        .filter(|r| r["connectivity"] == "hkr:connectivity-soft" && r["kind"] == "proposal")
        .count();
    assert_eq!(soft_proposals, 6);
}

#[test]
fn hong_kong_strengths_are_those_line_69_lists() {
    let rows = run("strengths", &[("place", "hkr:hong-kong")], Lang::En);
    let strengths: BTreeSet<String> = column(&rows, "strength").into_iter().collect();
    for sector in [
        "finance",
        "innovation-technology",
        "shipping",
        "aviation",
        "trade",
        "legal",
        "medical",
    ] {
        assert!(
            strengths.contains(&format!("hkr:sector-{sector}")),
            "{sector} missing: {strengths:?}"
        );
    }
    // Line 69 (and the headline, line 3): Hong Kong complements the Mainland cities; line 46: Hong Kong and
    // the Mainland.
    let complements: BTreeSet<String> = column(&rows, "complements").into_iter().collect();
    assert_eq!(complements, set(&["hkr:mainland-cities", "hkr:mainland"]));
    // Line 69 says only that the two sides complement each other in manufacturing, technology
    // transformation and market space: no strength of the Mainland cities is stated.
    assert!(run("strengths", &[("place", "hkr:mainland-cities")], Lang::En).is_empty());
}

#[test]
fn measures_mentioned_by_a_resident() {
    // Line 119: 醫健通、長者醫療券、「港澳藥械通」及跨境救護安排.
    let rows = run("measures", &[("speaker", "雪兒")], Lang::En);
    let measures: BTreeSet<String> = column(&rows, "measure").into_iter().collect();
    assert_eq!(
        measures,
        set(&[
            "hkr:cross-border-ambulance",
            "hkr:ehealth",
            "hkr:elderly-health-care-vouchers",
            "hkr:hk-macao-drugs-devices-scheme"
        ])
    );
    let all = column(&run("measures", &[], Lang::En), "measure");
    assert!(all.contains(&"hkr:northbound-travel-hk-vehicles".to_owned()));
}

#[test]
fn residents_live_where_the_source_says() {
    let rows = run("residents", &[], Lang::En);
    assert!(rows
        .iter()
        .any(|r| r["resident"] == "hkr:xue-er" && r["lives_in"] == "hkr:zhuhai"));
}

#[test]
fn institutional_outcomes_are_the_air_route_the_consulate_and_the_partnership() {
    let rows = run("institutional-outcomes", &[], Lang::Zh);
    let outcomes: BTreeSet<String> = column(&rows, "outcome").into_iter().collect();
    assert_eq!(
        outcomes,
        set(&[
            "hkr:air-route-hk-almaty",
            "hkr:consulate-uzbekistan-hk",
            "hkr:partnership-palace-museum-uzbekistan-history-museum"
        ])
    );
    let route = rows
        .iter()
        .find(|r| r["outcome"] == "hkr:air-route-hk-almaty")
        .unwrap();
    assert_eq!(
        route.get("detail").map(String::as_str),
        Some("明年首季"),
        "kept as the source words it"
    );
}

#[test]
fn a_passage_states_exactly_its_facts() {
    // Line 36: 出訪時間：2023年2月4日-11日.
    let rows = run("passage-facts", &[("passage", "hkp:p036")], Lang::En);
    let facts: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r["predicate"].clone(), r["object"].clone()))
        .collect();
    assert_eq!(
        facts,
        [
            ("http://schema.org/endDate", "2023-02-11"),
            ("http://schema.org/startDate", "2023-02-04")
        ]
        .into_iter()
        .map(|(p, o)| (p.to_owned(), o.to_owned()))
        .collect()
    );
}

#[test]
fn countries_count_visits_and_outcomes() {
    let rows = run("countries", &[], Lang::En);
    let by_country: BTreeMap<String, (String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["country"].clone(),
                (r["visits"].clone(), r["outcomes"].clone()),
            )
        })
        .collect();
    assert_eq!(
        by_country["hkr:oman"],
        ("0".to_owned(), "1".to_owned()),
        "Oman was not visited"
    );
    assert_eq!(by_country["hkr:saudi-arabia"].0, "1");
    assert_eq!(
        rows.iter()
            .find(|r| r["country"] == "hkr:qatar")
            .and_then(|r| r.get("iso"))
            .map(String::as_str),
        Some("QA")
    );
}

/// The rows' values of `key`, gathered by the value of `by`.
fn grouped(rows: &[Row], by: &str, key: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in rows {
        if let (Some(b), Some(k)) = (row.get(by), row.get(key)) {
            out.entry(b.clone()).or_default().insert(k.clone());
        }
    }
    out
}

#[test]
fn flows_and_what_facilitates_or_speaks_of_them() {
    let rows = run("flows", &[], Lang::En);
    let facilitated: Vec<Row> = rows
        .iter()
        .filter(|r| r["how"] == "facilitated by")
        .cloned()
        .collect();
    let by_flow = grouped(&facilitated, "flow", "item");
    // Line 11: point 1.3 「便利人員、物資、資金和信息高效便捷流動」; line 53: the 2026 visit 「促進人員往來便捷」.
    assert_eq!(
        by_flow["hkr:flow-people"],
        set(&["hkr:point-1-3", "hkr:outcome-2026-people-movement"])
    );
    for flow in ["goods", "capital", "information"] {
        assert_eq!(
            by_flow[&format!("hkr:flow-{flow}")],
            set(&["hkr:point-1-3"])
        );
    }
    // Line 97: 數據流 (data) only in 葛珮帆's words: spoken of, facilitated by nothing.
    assert!(!by_flow.contains_key("hkr:flow-data"));
    let data = run("flows", &[("flow", "hkr:flow-data")], Lang::En);
    assert_eq!(column(&data, "speaker"), ["hkr:elizabeth-quat"]);
    // Line 111: the article itself says the four flows are ever smoother.
    let people = run("flows", &[("flow", "人員")], Lang::Zh);
    let speakers: BTreeSet<String> = column(&people, "speaker").into_iter().collect();
    assert!(speakers.contains("hkr:elizabeth-quat") && speakers.contains("hkr:source-article"));
}

#[test]
fn the_aims_of_part_5_its_directions_and_points() {
    let rows = run("plan-objectives", &[], Lang::Zh);
    let aims = grouped(&rows, "number", "name");
    // Line 57: Part 5 — 融入國家發展大局, 全面提升區域合作層次 (the headline's aim, line 3).
    assert_eq!(
        aims["part 5"],
        set(&["融入國家發展大局", "提升區域合作層次"])
    );
    // Line 69: the document — 高質量發展、制度創新和對外聯通; the Greater Bay Area as 戰略支點 and 示範地, Hong
    // Kong as 窗口; Hong Kong's 功能和地位.
    for aim in [
        "高質量發展",
        "制度創新",
        "對外聯通",
        "國家新發展格局的戰略支點",
        "高質量發展的示範地",
        "國家高水平對外開放窗口",
    ] {
        assert!(
            aims["document"].contains(aim),
            "{aim}: {:?}",
            aims["document"]
        );
    }
    // Lines 11 and 73: point 1.3.
    assert_eq!(
        aims["1.3"],
        set(&[
            "便利跨境車輛往來",
            "提升市場一體化水平",
            "制度對接",
            "跨境便利"
        ])
    );
    // Line 22 (and 79): point 3.1's two roles.
    assert_eq!(
        aims["3.1"],
        set(&["高質量共建「一帶一路」的重要功能平台", "國際合作樞紐"])
    );
    // Lines 26, 28, 81, 83: direction 4 and point 4.1.
    assert_eq!(aims["4"], set(&["深化國際交往合作", "拓展全球合作網絡"]));
    assert!(aims["4.1"].contains("深化與各地及國際組織聯繫"));
    // The document's order: document, part, then the points.
    assert_eq!(rows[0]["number"], "document");
}

#[test]
fn what_the_residents_ask_for() {
    // Lines 119 and 125: 雪兒 asks for finer cross-boundary livelihood links, with mutual recognition in
    // education, medical care and social security, and for start-up and employment support for young Hong
    // Kong people.
    let rows = run("resident-requests", &[], Lang::Zh);
    assert_eq!(column(&rows, "resident"), ["hkr:xue-er", "hkr:xue-er"]);
    let links = rows
        .iter()
        .find(|r| r["request"] == "hkr:statement-xue-er-6")
        .unwrap();
    assert_eq!(
        split_set(&links["fields"], ";"),
        set(&["教育", "醫療", "社保", "民生"])
    );
    assert!(split_set(&links["objectives"], ";").contains("互認"));
    let youth = rows
        .iter()
        .find(|r| r["request"] == "hkr:statement-xue-er-7")
        .unwrap();
    assert_eq!(youth["for"], "香港青年");
    assert_eq!(split_set(&youth["fields"], ";"), set(&["創業", "就業"]));
}

#[test]
fn roles_the_article_gives_hong_kong_and_the_greater_bay_area() {
    let rows = run("roles", &[("holder", "香港")], Lang::En);
    let by_how = grouped(&rows, "how", "role");
    for role in [
        "hkr:role-hk-bridge",                        // line 30, 83
        "hkr:role-hk-bri-functional-platform",       // line 22
        "hkr:role-hk-international-cooperation-hub", // line 22
        "hkr:role-hk-bri-cooperation-hub",           // line 23
        "hkr:role-hk-opening-up-window",             // line 69
        "hkr:role-hk-going-overseas-platform",       // line 53, 89
    ] {
        assert!(by_how["given by"].contains(role), "{role}");
    }
    // Line 79: the roles point 3.1 draws on; lines 97 and 107: what 葛珮帆 and 劉暢 call Hong Kong.
    assert_eq!(
        by_how["drawn on by"],
        set(&[
            "hkr:role-hk-international-aviation-hub",
            "hkr:role-hk-international-finance-shipping-trade-centre"
        ])
    );
    assert_eq!(
        by_how["spoken of by"],
        set(&[
            "hkr:role-hk-bridge",
            "hkr:role-hk-super-connector",
            "hkr:role-hk-two-way-bridge"
        ])
    );
    // Lines 13 and 69: the Greater Bay Area's roles.
    let gba: BTreeSet<String> = column(
        &run("roles", &[("holder", "hkr:greater-bay-area")], Lang::En),
        "role",
    )
    .into_iter()
    .collect();
    assert_eq!(
        gba,
        set(&[
            "hkr:role-gba-construction-water-hub",
            "hkr:role-gba-demonstration-area",
            "hkr:role-gba-strategic-fulcrum"
        ])
    );
}

#[test]
fn the_advantages_of_one_country_two_systems() {
    let rows = run(
        "advantages",
        &[("framework", "hkr:one-country-two-systems")],
        Lang::En,
    );
    let by_advantage = grouped(&rows, "advantage", "by");
    // Line 46: the 2025 visit drew on 「一國兩制」下內聯外通的優勢; line 81: direction 4 on 「一國兩制」…優勢;
    // lines 91 and 107: the scholar and 劉暢, in the same words, on 「一國兩制」獨特優勢.
    assert_eq!(
        by_advantage["hkr:advantage-hk-bridging-one-country-two-systems"],
        set(&["hkr:outcome-2025-relations-bridging-advantage"])
    );
    assert_eq!(
        by_advantage["hkr:advantage-hk-one-country-two-systems"],
        set(&[
            "hkr:direction-4",
            "hkr:statement-unnamed-scholar-1",
            "hkr:statement-liu-chang-3"
        ])
    );
    assert!(column(&rows, "holder").iter().all(|h| h == "hkr:hong-kong"));
    // Line 57: Part 5 draws on 「背靠祖國、聯通世界」; line 127: the Greater Bay Area's three advantages.
    let all = run("advantages", &[], Lang::En);
    assert!(all.iter().any(
        |r| r["advantage"] == "hkr:advantage-hk-backed-by-motherland"
            && r["by"] == "hkr:fyp-part-5"
    ));
    assert_eq!(
        all.iter()
            .filter(|r| r["holder"] == "hkr:greater-bay-area")
            .count(),
        3
    );
}

#[test]
fn integration_examples_and_their_purposes() {
    // Line 87: 「港車北上」、高鐵「靈活行」、一小時生活圈、「灣區標準」 as examples; Qianhai's 港資港法 and
    // 港資港仲裁 保障跨境投資; the Hetao park attracted youth start-up teams and professional service firms.
    let rows = run("integration-examples", &[], Lang::Zh);
    let examples: BTreeSet<String> = rows
        .iter()
        .filter(|r| r["example"] == "true")
        .map(|r| r["measure"].clone())
        .collect();
    assert_eq!(
        examples,
        set(&[
            "hkr:northbound-travel-hk-vehicles",
            "hkr:hsr-flexible-travel",
            "hkr:one-hour-living-circle",
            "hkr:gba-standards"
        ])
    );
    let purpose = |measure: &str| {
        rows.iter()
            .find(|r| r["measure"] == measure)
            .map(|r| r["purposes"].clone())
            .unwrap()
    };
    assert_eq!(purpose("hkr:hk-investment-hk-law"), "保障跨境投資");
    assert_eq!(purpose("hkr:hk-investment-hk-arbitration"), "保障跨境投資");
    assert_eq!(
        purpose("hkr:hetao-park-joint-development"),
        "開拓內地龐大市場"
    );
    let park = rows
        .iter()
        .find(|r| r["measure"] == "hkr:hetao-park-joint-development")
        .unwrap();
    assert_eq!(
        split_set(&park["attracted"], ";"),
        set(&["香港青年創業團隊", "專業服務機構"])
    );
    // The source names no purpose for the four examples.
    assert!(rows
        .iter()
        .filter(|r| r["example"] == "true")
        .all(|r| r.get("purposes").is_none_or(String::is_empty)));
}

#[test]
fn what_the_plan_seeks_to_attract_pool_send_out_and_bring_in() {
    let rows = run("attractions", &[], Lang::En);
    let by_movement = grouped(&rows, "movement", "kind");
    // Line 28: 吸引更多國際組織、多邊機構、企業和人才來港發展; line 87: the Hetao park attracted two kinds.
    for kind in [
        "hkr:kind-international-organisations",
        "hkr:kind-multilateral-institutions",
        "hkr:kind-enterprises",
        "hkr:kind-talent",
        "hkr:kind-hk-youth-startup-teams",
        "hkr:kind-professional-service-firms",
    ] {
        assert!(by_movement["attracts"].contains(kind), "{kind}");
    }
    // Line 79: 匯聚資金、人才及項目，既助力內地企業「走出去」，亦促進國際資源「引進來」; line 30: 中國規則和標準「走出去」.
    assert_eq!(
        by_movement["pools"],
        set(&[
            "hkr:resource-capital",
            "hkr:kind-talent",
            "hkr:resource-projects"
        ])
    );
    assert_eq!(
        by_movement["helps go out"],
        set(&[
            "hkr:kind-mainland-enterprises",
            "hkr:chinese-rules-and-standards"
        ])
    );
    assert_eq!(
        by_movement["brings in"],
        set(&["hkr:resource-international-resources"])
    );
    let talent = run("attractions", &[("kind", "人才")], Lang::Zh);
    assert_eq!(
        column(&talent, "passage")
            .into_iter()
            .collect::<BTreeSet<_>>(),
        set(&[
            "https://w3id.org/hkkg/passage/p028",
            "https://w3id.org/hkkg/passage/p079",
            "https://w3id.org/hkkg/passage/p081"
        ])
    );
}

#[test]
fn complementarity_names_the_fields_not_who_is_strong_in_them() {
    let rows = run("complementarity", &[], Lang::En);
    let pairs: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r["place"].clone(), r["complements"].clone()))
        .collect();
    // Lines 3 and 69: Hong Kong and the Mainland cities; line 46: Hong Kong and the Mainland.
    for (a, b) in [
        ("hkr:hong-kong", "hkr:mainland-cities"),
        ("hkr:mainland-cities", "hkr:hong-kong"),
        ("hkr:hong-kong", "hkr:mainland"),
    ] {
        assert!(pairs.contains(&(a.to_owned(), b.to_owned())), "{a} {b}");
    }
    // Line 69: 在製造業、科技轉化及市場空間等方面形成優勢互補.
    let fields: BTreeSet<String> = rows
        .iter()
        .filter_map(|r| r.get("field").cloned())
        .collect();
    assert_eq!(
        fields,
        set(&[
            "hkr:sector-manufacturing",
            "hkr:sector-technology-transformation",
            "hkr:sector-market-space"
        ])
    );
}

#[test]
fn who_speaks_of_regional_integration_and_of_one_country_two_systems() {
    // Lines 59, 65, 95, 97: 區域融合 in society's two statements, the photo caption and 葛珮帆's words.
    let rows = run("statements-about", &[], Lang::En);
    assert_eq!(
        column(&rows, "speaker")
            .into_iter()
            .collect::<BTreeSet<_>>(),
        set(&[
            "hkr:hong-kong-society",
            "hkr:source-article",
            "hkr:elizabeth-quat"
        ])
    );
    assert_eq!(rows.len(), 4);
    // Lines 91 and 107: the same words from an unnamed scholar and from 劉暢, two statements.
    let rows = run(
        "statements-about",
        &[("topic", "hkr:advantage-hk-one-country-two-systems")],
        Lang::En,
    );
    assert_eq!(
        column(&rows, "speaker"),
        ["hkr:unnamed-scholar", "hkr:liu-chang"]
    );
}
