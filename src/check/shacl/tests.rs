//! One test per constraint component and path form, and for what the W3C suite does not cover:
//! recursion, nesting bounds, malformed shapes graphs, escaping, determinism.

use super::{validate, Shapes, ValidationReport};
use crate::error::Error;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Dataset, Graph, NamedNode, Quad, Term, TripleRef};

const PREFIXES: &str = "@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
";

fn dataset(turtle: &str) -> Dataset {
    let mut dataset = Dataset::new();
    for quad in RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(format!("{PREFIXES}{turtle}").as_bytes())
    {
        dataset.insert(&quad.unwrap());
    }
    dataset
}

fn shapes(turtle: &str) -> Result<Shapes, Error> {
    let graph: Graph = dataset(turtle)
        .iter()
        .map(|q| TripleRef::from(q).into_owned())
        .collect();
    Shapes::parse(&graph)
}

fn report(shapes_ttl: &str, data_ttl: &str) -> ValidationReport {
    validate(&dataset(data_ttl), &shapes(shapes_ttl).unwrap()).unwrap()
}

/// A term in a few characters: an ex: IRI's local name, a literal's lexical form, `_` for a blank.
fn brief(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n
            .as_str()
            .trim_start_matches("http://example.org/")
            .to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        _ => "_".to_owned(),
    }
}

/// The results as "Component focus value" lines, in report order.
fn results(shapes_ttl: &str, data_ttl: &str) -> Vec<String> {
    report(shapes_ttl, data_ttl)
        .results
        .iter()
        .map(|r| {
            let value = r.value.as_ref().map_or_else(|| "-".to_owned(), brief);
            format!(
                "{} {} {value}",
                r.component.trim_end_matches("ConstraintComponent"),
                brief(&r.focus)
            )
        })
        .collect()
}

fn error(shapes_ttl: &str) -> String {
    shapes(shapes_ttl)
        .expect_err("the shapes are refused")
        .to_string()
}

/// A property shape on ex:p targeting ex:a, with `constraint`.
fn on_p(constraint: &str) -> String {
    format!("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; {constraint} ] .")
}

#[test]
fn value_type_components() {
    let data = "ex:a ex:p ex:b, ex:c, \"x\", \"2024-02-30\"^^xsd:date, \"2024-02-03\"^^xsd:date .
        ex:b a ex:Sub . ex:Sub rdfs:subClassOf ex:C . ex:c a ex:D .";
    assert_eq!(
        results(&on_p("sh:class ex:C"), data),
        [
            "Class a 2024-02-03",
            "Class a 2024-02-30",
            "Class a x",
            "Class a c"
        ]
    );
    let datatype = results(&on_p("sh:datatype xsd:date"), data);
    assert_eq!(datatype.len(), 4, "{datatype:?}"); // ex:b, ex:c, "x", the impossible date
    assert!(!datatype.iter().any(|r| r.contains("2024-02-03")));
    assert_eq!(results(&on_p("sh:nodeKind sh:IRI"), data).len(), 3);
    assert_eq!(
        results(&on_p("sh:nodeKind sh:BlankNodeOrLiteral"), data).len(),
        2
    );
}

#[test]
fn cardinality_and_value_range_components() {
    let data = "ex:a ex:p 1, 5, 10.5, \"7\", \"x\"^^xsd:integer .";
    assert_eq!(results(&on_p("sh:minCount 6"), data), ["MinCount a -"]);
    assert_eq!(results(&on_p("sh:maxCount 4"), data), ["MaxCount a -"]);
    assert!(results(&on_p("sh:minCount 5 ; sh:maxCount 5"), data).is_empty());
    // Strings and ill-typed numbers cannot be compared with a number: each is a result.
    let min = results(&on_p("sh:minInclusive 5"), data);
    assert_eq!(min.len(), 3, "{min:?}"); // 1, "7", "x"^^xsd:integer
    assert_eq!(results(&on_p("sh:minExclusive 5"), data).len(), 4);
    assert_eq!(results(&on_p("sh:maxInclusive 5"), data).len(), 3);
    assert_eq!(results(&on_p("sh:maxExclusive 10.5"), data).len(), 3);
}

#[test]
fn string_components() {
    let data = "ex:a ex:p \"abc\", \"abcdef\", \"ABC\"@en, \"chat\"@fr, \"tea\"@en-GB, _:b .";
    assert_eq!(results(&on_p("sh:minLength 4"), data).len(), 4); // abc, ABC, tea, the blank node
    assert_eq!(results(&on_p("sh:maxLength 3"), data).len(), 3); // abcdef, chat, the blank node
    assert_eq!(results(&on_p("sh:pattern \"^abc\""), data).len(), 4);
    assert_eq!(
        results(&on_p("sh:pattern \"^abc\" ; sh:flags \"i\""), data).len(),
        3
    );
    assert_eq!(results(&on_p("sh:languageIn (\"en\")"), data).len(), 4);
    assert_eq!(
        results(&on_p("sh:languageIn (\"EN\" \"fr\")"), data).len(),
        3
    );
    assert_eq!(
        results(
            &on_p("sh:uniqueLang true"),
            "ex:a ex:p \"a\"@en, \"b\"@en, \"c\"@fr, \"d\"@fr, \"e\"@de, \"f\", \"g\" ."
        ),
        ["UniqueLang a -", "UniqueLang a -"],
        "one result per repeated language, none for plain strings"
    );
    assert!(error(&on_p("sh:pattern \"(\"")).contains("not a valid regular expression"));
    assert!(error(&on_p("sh:pattern \"a\" ; sh:flags \"z\"")).contains("unknown flag"));
}

#[test]
fn property_pair_components() {
    let data = "ex:a ex:p 1, 2 ; ex:q 2, 3 ; ex:r 2, 5 .";
    assert_eq!(
        results(&on_p("sh:equals ex:q"), data),
        ["Equals a 1", "Equals a 3"]
    );
    assert_eq!(results(&on_p("sh:disjoint ex:q"), data), ["Disjoint a 2"]);
    // One result per pair that is out of order: 2 < 2 fails once, 1 and 2 pass against 5.
    assert_eq!(results(&on_p("sh:lessThan ex:r"), data), ["LessThan a 2"]);
    assert!(results(&on_p("sh:lessThanOrEquals ex:r"), data).is_empty());
    // Each comparison that fails is a result of its own, even for the same value.
    assert_eq!(
        results(&on_p("sh:lessThan ex:q"), "ex:a ex:p 5 ; ex:q 1, 2 ."),
        ["LessThan a 5", "LessThan a 5"]
    );
}

#[test]
fn logical_components() {
    let shapes = "ex:S sh:targetNode ex:a, ex:b, ex:c ;
        sh:property [ sh:path ex:p ; sh:OPERATOR ] .
        ex:Int sh:datatype xsd:integer . ex:Small sh:maxInclusive 5 .";
    let data = "ex:a ex:p 3 . ex:b ex:p 7 . ex:c ex:p \"x\" .";
    let run = |operator: &str| results(&shapes.replace("sh:OPERATOR", operator), data);
    assert_eq!(run("sh:not ex:Small"), ["Not a 3"]);
    assert_eq!(run("sh:and (ex:Int ex:Small)"), ["And b 7", "And c x"]);
    assert_eq!(run("sh:or (ex:Int ex:Small)"), ["Or c x"]);
    assert_eq!(run("sh:xone (ex:Int ex:Small)"), ["Xone a 3", "Xone c x"]);
    assert_eq!(run("sh:node ex:Small"), ["Node b 7", "Node c x"]);
}

#[test]
fn shape_based_components() {
    // sh:property inside a property shape checks the value nodes, not the focus node.
    let nested = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:knows ;
        sh:property [ sh:path ex:name ; sh:minCount 1 ] ] .";
    assert_eq!(
        results(
            nested,
            "ex:a ex:name \"A\" ; ex:knows ex:b, ex:c . ex:b ex:name \"B\" ."
        ),
        ["MinCount c -"]
    );
    let qualified = "ex:S sh:targetNode ex:a ;
        sh:property ex:P1, ex:P2 .
        ex:P1 sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:Thumb ] ;
            sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ; sh:qualifiedValueShapesDisjoint true .
        ex:P2 sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:Finger ] ;
            sh:qualifiedMinCount 4 ; sh:qualifiedMaxCount 4 ; sh:qualifiedValueShapesDisjoint true .";
    let hand = |digits: &str| {
        results(qualified, &format!("ex:a ex:p {digits} . ex:t a ex:Thumb . ex:u a ex:Thumb, ex:Finger . ex:f1 a ex:Finger . ex:f2 a ex:Finger . ex:f3 a ex:Finger . ex:f4 a ex:Finger ."))
    };
    assert!(hand("ex:t, ex:f1, ex:f2, ex:f3, ex:f4").is_empty());
    // ex:u is both, so with disjoint siblings it counts for neither.
    assert_eq!(
        hand("ex:u, ex:f1, ex:f2, ex:f3"),
        ["QualifiedMinCount a -", "QualifiedMinCount a -"]
    );
    assert_eq!(
        hand("ex:t, ex:u, ex:f1, ex:f2, ex:f3, ex:f4"),
        Vec::<String>::new()
    );
}

#[test]
fn other_components() {
    let closed = "ex:S sh:targetNode ex:a ; sh:closed true ; sh:ignoredProperties (rdf:type) ;
        sh:property [ sh:path ex:p ] , [ sh:path [ sh:inversePath ex:q ] ] .";
    let found = report(
        closed,
        "ex:a a ex:C ; ex:p 1 ; ex:q 2 ; ex:r 3 . ex:z ex:q ex:a .",
    );
    let paths: Vec<String> = found
        .results
        .iter()
        .map(|r| format!("{} {}", r.path.as_ref().unwrap(), r.value.as_ref().unwrap()))
        .collect();
    assert_eq!(
        paths,
        [
            "<http://example.org/q> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer>",
            "<http://example.org/r> \"3\"^^<http://www.w3.org/2001/XMLSchema#integer>"
        ]
    );
    assert!(results(
        "ex:S sh:targetNode ex:a ; sh:closed false .",
        "ex:a ex:p 1 ."
    )
    .is_empty());
    assert_eq!(
        results(&on_p("sh:hasValue 2"), "ex:a ex:p 1 ."),
        ["HasValue a -"]
    );
    assert_eq!(
        results(&on_p("sh:in (1 ex:b)"), "ex:a ex:p 1, ex:b, 2, \"1\" .").len(),
        2
    );
}

#[test]
fn every_path_form() {
    let data =
        "ex:a ex:p ex:b . ex:b ex:p ex:c . ex:c ex:p ex:a . ex:b ex:q ex:d . ex:e ex:p ex:a .";
    let values = |path: &str| {
        let shapes =
            format!("ex:S sh:targetNode ex:a ; sh:property [ sh:path {path} ; sh:in () ] .");
        let mut found: Vec<String> = results(&shapes, data)
            .iter()
            .map(|r| r.rsplit(' ').next().unwrap().to_owned())
            .collect();
        found.sort();
        found
    };
    assert_eq!(values("ex:p"), ["b"]);
    assert_eq!(values("[ sh:inversePath ex:p ]"), ["c", "e"]);
    assert_eq!(values("( ex:p ex:q )"), ["d"]);
    assert_eq!(
        values("[ sh:alternativePath ( ex:q [ sh:inversePath ex:p ] ) ]"),
        ["c", "e"]
    );
    assert_eq!(values("[ sh:zeroOrOnePath ex:q ]"), ["a"]);
    assert_eq!(values("[ sh:zeroOrMorePath ex:p ]"), ["a", "b", "c"]);
    assert_eq!(values("[ sh:oneOrMorePath ex:p ]"), ["a", "b", "c"]);
    assert_eq!(values("( [ sh:oneOrMorePath ex:p ] ex:q )"), ["d"]);
    assert!(values("[ sh:inversePath ( ex:p ex:q ) ]").is_empty());
    assert_eq!(
        values("[ sh:inversePath [ sh:oneOrMorePath ex:p ] ]"),
        ["a", "b", "c", "e"]
    );
    // Written back in SPARQL syntax in the text report.
    let shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ( ex:p [ sh:zeroOrMorePath [ sh:alternativePath ( ex:q [ sh:inversePath ex:p ] ) ] ] ) ; sh:maxCount 0 ] .";
    let path = report(shapes, data).results[0]
        .path
        .as_ref()
        .unwrap()
        .to_string();
    assert_eq!(
        path,
        "(<http://example.org/p>/(<http://example.org/q>|^<http://example.org/p>)*)"
    );
}

#[test]
fn targets_implicit_classes_deactivation_severity_and_messages() {
    let shapes = "ex:C a rdfs:Class, sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ;
            sh:severity sh:Warning ; sh:message \"needs ex:p\"@en, \"besoin de ex:p\"@fr ] .
        ex:Off a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true ; sh:nodeKind sh:Literal .
        ex:T sh:targetSubjectsOf ex:q ; sh:targetObjectsOf ex:q ; sh:nodeKind sh:BlankNode .";
    let found = report(
        shapes,
        "ex:a a ex:D . ex:D rdfs:subClassOf ex:C . ex:b ex:q ex:c .",
    );
    let summary: Vec<String> = found
        .results
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {}",
                brief(&r.focus),
                r.component,
                r.severity.as_str(),
                r.message()
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "a MinCountConstraintComponent http://www.w3.org/ns/shacl#Warning needs ex:p",
            "b NodeKindConstraintComponent http://www.w3.org/ns/shacl#Violation <http://example.org/b> is not of node kind sh:BlankNode",
            "c NodeKindConstraintComponent http://www.w3.org/ns/shacl#Violation <http://example.org/c> is not of node kind sh:BlankNode",
        ]
    );
    // A warning is still a result: the data does not conform (SHACL 3.6.1).
    assert!(!found.conforms());
    assert_eq!(found.results[0].messages.len(), 2);
}

#[test]
fn recursive_shapes_work_on_finite_data_and_fail_on_cycles() {
    let person =
        "ex:Person sh:targetNode ex:a ; sh:property [ sh:path ex:knows ; sh:node ex:Person ] ;
        sh:property [ sh:path ex:name ; sh:minCount 1 ] .";
    assert_eq!(
        results(
            person,
            "ex:a ex:name \"A\" ; ex:knows ex:b . ex:b ex:knows ex:c . ex:c ex:name \"C\" ."
        ),
        ["Node a b"]
    );
    let cyclic = validate(
        &dataset("ex:a ex:name \"A\" ; ex:knows ex:b . ex:b ex:name \"B\" ; ex:knows ex:a ."),
        &shapes(person).unwrap(),
    );
    let message = cyclic.expect_err("a cycle in the data").to_string();
    assert!(
        message.contains("depends on itself to validate <http://example.org/a>"),
        "{message}"
    );
    let self_reference = validate(
        &dataset(""),
        &shapes("ex:S sh:targetNode ex:a ; sh:node ex:S .").unwrap(),
    );
    assert!(matches!(self_reference, Err(Error::RecursiveShape { .. })));
    let through_property = validate(
        &dataset("ex:a ex:p ex:a ."),
        &shapes(
            "ex:S sh:targetNode ex:a ; sh:property ex:P . ex:P sh:path ex:p ; sh:property ex:P .",
        )
        .unwrap(),
    );
    assert!(matches!(
        through_property,
        Err(Error::RecursiveShape { .. })
    ));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    // A chain of sh:node shapes longer than the bound, on a test thread's small stack.
    let mut chain = String::from("ex:S0 sh:targetNode ex:a .\n");
    for i in 0..super::engine::MAX_NESTING + 10 {
        chain.push_str(&format!("ex:S{i} sh:node ex:S{} .\n", i + 1));
    }
    let nested = validate(&dataset(""), &shapes(&chain).unwrap());
    assert!(
        matches!(
            nested,
            Err(Error::ShapeNesting {
                limit: super::engine::MAX_NESTING,
                ..
            })
        ),
        "{nested:?}"
    );
    // Data-driven depth: a recursive shape down a list longer than the bound.
    let mut list = String::new();
    for i in 0..super::engine::MAX_NESTING + 10 {
        list.push_str(&format!("ex:n{i} ex:next ex:n{} .\n", i + 1));
    }
    let walk = "ex:S sh:targetNode ex:n0 ; sh:property [ sh:path ex:next ; sh:node ex:S ] .";
    assert!(matches!(
        validate(&dataset(&list), &shapes(walk).unwrap()),
        Err(Error::ShapeNesting { .. })
    ));
    // Just under the bound works.
    let short: String = list
        .lines()
        .take(super::engine::MAX_NESTING / 3)
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(validate(&dataset(&short), &shapes(walk).unwrap())
        .unwrap()
        .conforms());
    // Paths nest within their own bound.
    let mut path = String::from("ex:p");
    for _ in 0..super::path::MAX_PATH_DEPTH + 1 {
        path = format!("[ sh:inversePath {path} ]");
    }
    let deep = format!("ex:S sh:targetNode ex:a ; sh:property [ sh:path {path} ] .");
    assert!(error(&deep).contains("nests more than"), "{}", error(&deep));
}

#[test]
fn malformed_shapes_are_refused_with_the_shape_named() {
    assert_eq!(
        error("ex:S sh:targetNode ex:a ; sh:property ex:P . ex:P sh:minCount 1 ."),
        "shapes: shape <http://example.org/P>: a property shape (a value of sh:property) needs an sh:path"
    );
    assert!(error("ex:P a sh:PropertyShape ; sh:minCount 1 .").contains("needs an sh:path"));
    assert!(
        error("ex:S sh:targetNode ex:a ; sh:in _:l . _:l rdf:first 1 ; rdf:rest _:l .")
            .contains("is cyclic")
    );
    assert!(error(
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path _:p ] . _:p sh:inversePath _:p ."
    )
    .contains("contains itself"));
    assert!(error(&on_p("sh:minCount -1")).contains("non-negative integer"));
    assert!(error(&on_p("sh:nodeKind ex:Other")).contains("sh:nodeKind needs one of"));
    assert!(error(&on_p("sh:qualifiedValueShape [ sh:class ex:C ]")).contains("qualifiedMinCount"));
    let sparql = |select: &str| {
        error(&format!(
            "ex:S sh:targetNode ex:a ; sh:sparql [ {select} ] ."
        ))
    };
    assert!(
        sparql(r#"sh:select "SELECT $this WHERE { $this <http://example.org/p> }""#)
            .contains("not valid SPARQL")
    );
    assert!(sparql(r#"sh:select "ASK {}""#).contains("must be a SELECT"));
    assert!(sparql(r#"sh:message "m""#).contains("needs an sh:select"));
    assert!(sparql(r#"sh:select "SELECT $this { $this $PATH ?v }""#).contains("$PATH"));
}

#[test]
fn errors_escape_control_characters_and_are_deterministic() {
    let message = error("ex:S sh:targetNode ex:a ; sh:minCount \"1\u{1b}[31m\u{7}\" .");
    assert!(
        !message.chars().any(|c| c.is_control() && c != '\n'),
        "{message:?}"
    );
    assert!(message.contains("\\u001B[31m"), "{message}");
    let pattern = error(&on_p("sh:pattern \"(\u{1b}\""));
    assert!(!pattern.chars().any(char::is_control), "{pattern:?}");
    // Several problems: the same one is named on every run.
    let shapes = "ex:B sh:targetNode ex:a ; sh:rule [] ; sh:unknown 1 ; sh:minCount \"x\" .
        ex:A sh:targetNode ex:a ; sh:zzz 1 ; sh:aaa 2 .";
    let first = error(shapes);
    assert!(first.contains("A>: sh:aaa is not"), "{first}");
    for _ in 0..20 {
        assert_eq!(error(shapes), first);
    }
    // Blank node shapes get new labels on every read: ordered by what they say instead.
    let blank = "[] sh:targetNode ex:a ; sh:bbb 1 . [] sh:targetNode ex:a ; sh:aaa 1 .";
    for _ in 0..20 {
        assert!(
            error(blank).ends_with(": sh:aaa is not a SHACL Core shape property"),
            "{}",
            error(blank)
        );
    }
}

#[test]
fn text_report_escapes_messages() {
    let found = report(
        "ex:S sh:targetNode ex:a ; sh:class ex:C ; sh:message \"line\\nbreak\u{1b}\" .",
        "",
    );
    let mut text = Vec::new();
    found.write_text(&mut text).unwrap();
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.contains("  message: line\\u{a}break\\u{1b}\n"),
        "{text}"
    );
}

#[test]
fn sparql_constraints() {
    let shapes = r#"
        ex:Big sh:targetClass ex:C ;
            sh:sparql [ sh:prefixes ex:declarations ;
                sh:select "SELECT $this ?v WHERE { $this ex:size ?v . FILTER (?v > 3) }" ;
                sh:message "size {?v} is too big for {$this}"@en ] ;
            sh:sparql [ sh:deactivated true ; sh:select "SELECT $this WHERE { }" ] .
        ex:Labels sh:targetClass ex:C ; sh:property [ sh:path ( ex:part rdfs:label ) ;
            sh:sparql [ sh:prefixes ex:declarations ;
                sh:select "SELECT $this ?value WHERE { $this $PATH ?value . FILTER (!isLiteral(?value) || lang(?value) = '') FILTER (isBlank($currentShape)) }" ] ] .
        ex:declarations sh:declare [ sh:prefix "sh" ; sh:namespace "http://www.w3.org/ns/shacl#"^^xsd:anyURI ],
            [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
    "#;
    // The data is a dataset: facts in named graphs count, as everywhere in validation.
    let mut data = Dataset::new();
    let trig = format!(
        "{PREFIXES} ex:g1 {{ ex:a a ex:C ; ex:size 5 ; ex:part ex:p1 . }} ex:g2 {{ ex:p1 rdfs:label \"x\"@en, \"y\", ex:z . ex:b a ex:C ; ex:size 2 . }}"
    );
    for quad in RdfParser::from_format(RdfFormat::TriG).for_slice(trig.as_bytes()) {
        data.insert(&quad.unwrap());
    }
    let shapes = super::tests::shapes(shapes).unwrap();
    let found = validate(&data, &shapes).unwrap();
    let summary: Vec<String> = found
        .results
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {}",
                r.component,
                brief(&r.focus),
                r.path
                    .as_ref()
                    .map_or_else(|| "-".to_owned(), ToString::to_string),
                r.value.as_ref().map_or_else(|| "-".to_owned(), brief),
                r.message()
            )
        })
        .collect();
    assert_eq!(summary.len(), 3, "{summary:#?}");
    assert_eq!(
        summary[0],
        "SPARQLConstraintComponent a - a size 5 is too big for ex:a"
            .replace("ex:a", "<http://example.org/a>")
    );
    // $PATH replaced by the shape's path; ?value reported; the default message names the constraint.
    for (result, value) in summary[1..].iter().zip(["y", "z"]) {
        let wanted = format!(
            "SPARQLConstraintComponent a (<http://example.org/part>/rdfs:label) {value} the SPARQL constraint _:"
        );
        assert!(result.starts_with(&wanted), "{result}");
    }
    assert!(found.results.iter().all(|r| r.source_constraint.is_some()));
    // The default graph counts too, and a triple stated in two graphs is one solution.
    let mut twice = dataset("ex:a a ex:C ; ex:size 5 .");
    let graph = NamedNode::new_unchecked("http://example.org/g");
    let copies: Vec<Quad> = twice
        .iter()
        .map(|q| {
            Quad::new(
                q.subject.into_owned(),
                q.predicate.into_owned(),
                q.object.into_owned(),
                graph.clone(),
            )
        })
        .collect();
    for quad in &copies {
        twice.insert(quad);
    }
    assert_eq!(validate(&twice, &shapes).unwrap().results.len(), 1);
    let failing = super::tests::shapes(r#"ex:S sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this ?failure WHERE { BIND (true AS ?failure) }" ] ."#).unwrap();
    assert!(matches!(
        validate(&data, &failing),
        Err(Error::QueryEvaluation(_))
    ));
}
