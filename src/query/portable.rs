//! A query as it runs, written to run unchanged in another SPARQL engine (Jena's arq, rdflib,
//! Virtuoso, Fuseki): the PREFIX lines of the prefixes it uses (hkkg declares them for every query;
//! other engines do not), and the parameter values bound as a `VALUES` block at the head of its
//! WHERE group — where hkkg binds them in the parsed query (see `sparql`), so the meaning is the
//! same — including `?lang`, which hkkg fills from `--lang`.
//!
//! The values are written as RDF terms (IRIs, escaped literals), never pasted text, and the result
//! is parsed back with a parser that knows no prefixes before it is shown.

use super::catalog::NamedQuery;
use super::sparql;
use super::syntax;
use crate::error::{Error, Result};
use crate::rdf::namespaces::{display_term, PREFIXES};
use oxigraph::model::Term;
use oxigraph::sparql::Variable;
use spargebra::SparqlParser;

/// The standalone text of `definition` with `bindings` (as `params::bind` made them).
pub fn standalone(definition: &NamedQuery, bindings: &[(Variable, Term)]) -> Result<String> {
    let text = &definition.text;
    // The same checks as running it: a variable the query lacks or assigns itself is refused.
    let prepared = sparql::prepare(text, definition.base_iri.as_deref())?;
    sparql::bind(prepared.query, &prepared.variables, bindings)?;
    let mut body = text.clone();
    if !bindings.is_empty() {
        let at = syntax::where_group_start(text).ok_or_else(|| {
            Error::QuerySyntaxUnlocated("the query has no WHERE group to bind values in".to_owned())
        })?;
        let names: Vec<String> = bindings.iter().map(|(v, _)| v.to_string()).collect();
        let values: Vec<String> = bindings
            .iter()
            .map(|(_, term)| display_term(term.as_ref()))
            .collect();
        let block = format!(
            "\n  # the parameters, bound as hkkg binds them\n  VALUES ({}) {{ ({}) }}",
            names.join(" "),
            values.join(" ")
        );
        body.insert_str(at, &block);
    }
    let tokens = syntax::tokens(&body);
    let declared = syntax::declared_prefixes(&tokens);
    let prologue: String = syntax::used_prefixes(&tokens)
        .into_iter()
        .filter(|prefix| !declared.contains(prefix))
        .filter_map(|prefix| PREFIXES.iter().find(|(p, _)| *p == prefix))
        .map(|(prefix, namespace)| format!("PREFIX {prefix}: <{namespace}>\n"))
        .collect();
    let shown = format!(
        "# {} — standalone: hkkg's prefixes declared{}\n{prologue}{body}",
        definition.name,
        if bindings.is_empty() {
            String::new()
        } else {
            ", parameters bound in VALUES".to_owned()
        }
    );
    let mut parser = SparqlParser::new();
    if let Some(base) = &definition.base_iri {
        parser = parser
            .with_base_iri(base)
            .map_err(|e| Error::QuerySyntaxUnlocated(e.to_string()))?;
    }
    parser.parse_query(&shown).map_err(|e| {
        Error::QuerySyntaxUnlocated(format!(
            "the standalone form of {} does not parse ({e}); please report it",
            definition.name
        ))
    })?;
    if !shown.ends_with('\n') {
        return Ok(shown + "\n");
    }
    Ok(shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    #[test]
    fn prefixes_and_values_make_the_query_standalone() {
        let query = NamedQuery::parse(
            "q",
            "q.rq",
            "# title: Q\n# param: country: iri\n# param: lang: string = en\nSELECT ?v WHERE {\n  ?v hk:visitedCountry ?country ; rdfs:label ?l FILTER(langMatches(lang(?l), ?lang))\n}\n",
        )
        .unwrap();
        let bindings = [
            (
                Variable::new_unchecked("country"),
                NamedNode::new_unchecked("https://w3id.org/hkkg/resource/qatar").into(),
            ),
            (
                Variable::new_unchecked("lang"),
                Literal::new_simple_literal("zh-Hant").into(),
            ),
        ];
        let shown = standalone(&query, &bindings).unwrap();
        assert!(
            shown.contains("PREFIX hk: <https://w3id.org/hkkg/ontology#>\n"),
            "{shown}"
        );
        assert!(
            shown.contains("PREFIX hkr: <https://w3id.org/hkkg/resource/>\n"),
            "{shown}"
        );
        assert!(shown.contains("PREFIX rdfs: "), "{shown}");
        assert!(!shown.contains("PREFIX xsd:"), "{shown}");
        assert!(
            shown.contains("VALUES (?country ?lang) { (hkr:qatar \"zh-Hant\") }"),
            "{shown}"
        );
        let error = standalone(
            &query,
            &[(
                Variable::new_unchecked("nope"),
                Literal::new_simple_literal("x").into(),
            )],
        )
        .unwrap_err();
        assert!(error.to_string().contains("no variable ?nope"), "{error}");
    }
}
