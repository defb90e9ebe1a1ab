//! What a generated graph holds, in the order it is written: the ontology, the source document,
//! the pools of entities that visits and plans refer to (places, governments, people and
//! organisations, concept schemes and their concepts), then visits — each with its legs,
//! delegation, outcomes and what people said — with a plan (document, part, directions, points,
//! platforms, measures, complementarity) every [`VISITS_PER_PLAN`] visits, until the size asked
//! for is reached. A visit or plan refers only to pool entities and to plans already written, so
//! every reference is described somewhere, whatever size stops the stream.

use super::{GenerateRequest, Node, Ns, Out, Value, EN, HK_TEXT, RDF_TYPE, ZH};
use crate::assets;
use crate::error::{Error, Result};
use oxigraph::io::{RdfFormat, RdfParser};

/// A plan (with its directions, points, platforms and measures) is written before every this
/// many visits.
const VISITS_PER_PLAN: u64 = 50;
const DIRECTIONS_PER_PLAN: u64 = 4;
const POINTS_PER_DIRECTION: u64 = 3;
const PLATFORMS_PER_PLAN: u64 = 2;
const MEASURES_PER_PLAN: u64 = 4;
/// Pool entities described by one passage.
const PER_PASSAGE: u64 = 6;
/// The outcomes besides the agreement batch every visit has; each visit has three of them.
const OUTCOME_KINDS: [&str; 6] = [
    "VisaArrangement",
    "NegotiationLaunch",
    "AirRoute",
    "ConsulateEstablishment",
    "InstitutionalPartnership",
    "RelationsOutcome",
];
const AGREEMENT_CLASSES: [&str; 4] = [
    "MemorandumOfUnderstanding",
    "LetterOfIntent",
    "InvestmentPromotionAndProtectionAgreement",
    "BilateralAgreement",
];
const ORGANISATION_CLASSES: [&str; 4] = [
    "Association",
    "Museum",
    "AcademicInstitution",
    "NewsOrganization",
];
/// The concept schemes: (scheme name, member kind, class, English and Chinese names).
const SCHEMES: [(&str, &str, &str, &str, &str); 11] = [
    ("scheme-sectors", "sector", "Sector", "sector", "領域"),
    (
        "scheme-actor-kinds",
        "actor-kind",
        "ActorKind",
        "kind of actor",
        "人員類別",
    ),
    (
        "scheme-resource-kinds",
        "resource-kind",
        "ResourceKind",
        "kind of resource",
        "資源類別",
    ),
    (
        "scheme-objectives",
        "objective",
        "Objective",
        "objective",
        "目標",
    ),
    (
        "scheme-advantages",
        "advantage",
        "Advantage",
        "advantage",
        "優勢",
    ),
    (
        "scheme-roles",
        "role",
        "FunctionalRole",
        "functional role",
        "功能角色",
    ),
    ("scheme-flows", "flow", "Flow", "flow", "流動"),
    (
        "scheme-frameworks",
        "framework",
        "PolicyFramework",
        "policy framework",
        "政策框架",
    ),
    (
        "scheme-connectivities",
        "connectivity",
        "Connectivity",
        "connectivity",
        "聯通",
    ),
    (
        "scheme-agreement-kinds",
        "agreement-kind",
        "",
        "kind of agreement",
        "協議類別",
    ),
    (
        "scheme-visa-changes",
        "visa-change",
        "",
        "kind of visa change",
        "免簽安排變更類別",
    ),
];

const fn hk(local: &'static str) -> (Ns, &'static str) {
    (Ns::Hk, local)
}

const fn schema(local: &'static str) -> (Ns, &'static str) {
    (Ns::Schema, local)
}

fn class(local: &'static str) -> Node {
    Node::Term(Ns::Hk, local)
}

/// How many of each pool entity a graph of `triples` has. Places, sectors and kinds are bounded,
/// as the world's are; people, organisations and the concepts of the plans grow with the graph.
struct Sizes {
    countries: u64,
    regions: u64,
    blocs: u64,
    people: u64,
    organisations: u64,
    sectors: u64,
    actor_kinds: u64,
    resource_kinds: u64,
    objectives: u64,
    advantages: u64,
    roles: u64,
    flows: u64,
    frameworks: u64,
}

impl Sizes {
    fn for_triples(triples: u64) -> Self {
        // About 200 statements per visit, with its share of the plans.
        let visits = triples / 200;
        let countries = (visits / 25).clamp(12, 250);
        Self {
            countries,
            regions: (countries / 12).max(3),
            blocs: (countries / 15).max(2),
            people: (visits / 2).max(20),
            organisations: (visits / 10).max(8),
            sectors: (visits / 50).clamp(10, 400),
            actor_kinds: (visits / 200).clamp(4, 100),
            resource_kinds: (visits / 200).clamp(4, 100),
            objectives: (visits / 10).max(10),
            advantages: (visits / 25).max(6),
            roles: (visits / 25).max(6),
            flows: (visits / 500).clamp(5, 50),
            frameworks: (visits / 1000).clamp(3, 30),
        }
    }

    /// The size of the pool of scheme members of `kind`.
    fn of(&self, kind: &str) -> u64 {
        match kind {
            "sector" => self.sectors,
            "actor-kind" => self.actor_kinds,
            "resource-kind" => self.resource_kinds,
            "objective" => self.objectives,
            "advantage" => self.advantages,
            "role" => self.roles,
            "flow" => self.flows,
            "framework" => self.frameworks,
            "connectivity" => 3,
            "agreement-kind" => 4,
            _ => 3,
        }
    }
}

/// A deterministic stream of choices for one entity: SplitMix64, seeded by the generator's seed,
/// the kind of entity and its number (so no choice depends on what else was written).
struct Rng(u64);

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64, stream: &str, index: u64) -> Self {
        let stream = stream.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
        });
        Rng(mix(seed ^ mix(stream ^ mix(index))))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// In 0..n, favouring low numbers: ⌊n·u²⌋, so the first entities of a pool are hubs.
    fn skewed(&mut self, n: u64) -> u64 {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64 * u * u) as u64).min(n - 1)
    }
}

struct World<'r> {
    request: &'r GenerateRequest,
    sizes: Sizes,
}

/// Writes the whole graph.
pub(super) fn write(request: &GenerateRequest, out: &mut Out<'_>) -> Result<()> {
    let world = World {
        request,
        sizes: Sizes::for_triples(request.triples),
    };
    world.ontology(out)?;
    world.document(out)?;
    world.places(out)?;
    world.actors(out)?;
    world.schemes(out)?;
    let mut plans = 0;
    let mut visit = 0;
    while out.triples() < request.triples {
        if visit % VISITS_PER_PLAN == 0 {
            world.plan(out, plans)?;
            plans += 1;
        }
        world.visit(out, visit, plans)?;
        visit += 1;
    }
    Ok(())
}

impl World<'_> {
    fn rng(&self, stream: &str, index: u64) -> Rng {
        Rng::new(self.request.seed, stream, index)
    }

    /// The bundled ontology, in the default graph.
    fn ontology(&self, out: &mut Out<'_>) -> Result<()> {
        let ontology = assets::data()
            .find(|asset| asset.path.starts_with("ontology/"))
            .expect("build.rs embeds ontology/hkkg.ttl");
        let parser = RdfParser::from_format(RdfFormat::Turtle)
            .with_base_iri("https://w3id.org/hkkg/ontology")
            .map_err(|e| Error::Store(e.to_string()))?;
        for quad in parser.for_slice(ontology.text.as_bytes()) {
            let quad = quad.map_err(|e| Error::Store(format!("{}: {e}", ontology.path)))?;
            out.ontology_triple(&quad.into())?;
        }
        Ok(())
    }

    /// The generated source document, in hkg:source: it says what the graph is.
    fn document(&self, out: &mut Out<'_>) -> Result<()> {
        let seed = self.request.seed;
        let title_en = format!("generated by hkkg generate, seed {seed}");
        let title_zh = format!("由 hkkg generate 生成（種子{seed}）");
        let comment = format!(
            "A synthetic graph in hkkg's model, generated by hkkg generate with seed {seed} for benchmarks: nothing in it is true, and nothing comes from any source."
        );
        let file_name = self.request.text_file_name.clone();
        out.in_source_graph(|out| {
            let doc = Node::Source;
            out.fact(doc, RDF_TYPE, class("SourceDocument"))?;
            out.labels(doc, &title_en, &title_zh)?;
            out.fact(doc, (Ns::Dct, "title"), Value::Text(&title_en, EN))?;
            out.fact(doc, (Ns::Rdfs, "comment"), Value::Text(&comment, EN))?;
            out.fact(doc, hk("fileName"), Value::Plain(&file_name))?;
            Ok(())
        })
    }

    /// Countries (in regions, some in blocs), their capitals and governments, and the home city,
    /// government and leader's post.
    fn places(&self, out: &mut Out<'_>) -> Result<()> {
        let s = &self.sizes;
        in_passages(out, "地區", s.regions, |out, r| {
            entity(
                out,
                Node::Entity("region", r),
                "Region",
                "region",
                "地區",
                r,
            )
        })?;
        in_passages(out, "區域組織", s.blocs, |out, b| {
            entity(
                out,
                Node::Entity("bloc", b),
                "RegionalBloc",
                "regional bloc",
                "區域組織",
                b,
            )
        })?;
        in_passages(out, "國家", s.countries, |out, c| {
            let country = Node::Entity("country", c);
            entity(out, country, "Country", "country", "國家", c)?;
            if c < 26 * 26 {
                out.fact(country, hk("iso3166Alpha2"), Value::Plain(&letters(c, 2)))?;
            }
            out.fact(country, hk("iso3166Alpha3"), Value::Plain(&letters(c, 3)))?;
            out.fact(
                country,
                schema("containedInPlace"),
                Node::Entity("region", c % s.regions),
            )?;
            if c % 3 == 0 {
                out.fact(
                    country,
                    hk("memberOf"),
                    Node::Entity("bloc", (c / 3) % s.blocs),
                )?;
            }
            let city = Node::Entity("city", c);
            entity(out, city, "City", "capital city", "首都", c)?;
            out.fact(city, schema("containedInPlace"), country)?;
            let mut rng = self.rng("city", c);
            out.fact(
                city,
                hk("hasStrength"),
                Node::Entity("sector", rng.skewed(s.sectors)),
            )?;
            let government = Node::Entity("government", c);
            entity(out, government, "GovernmentBody", "government", "政府", c)?;
            out.fact(government, hk("jurisdiction"), country)
        })?;
        out.passage("生成的本地城市及政府", |out| {
            let city = Node::Single("home-city");
            out.fact(city, RDF_TYPE, class("City"))?;
            out.labels(city, "the generated home city", "生成的本地城市")?;
            let government = Node::Single("home-government");
            out.fact(government, RDF_TYPE, class("GovernmentBody"))?;
            out.labels(
                government,
                "the generated home government",
                "生成的本地政府",
            )?;
            out.fact(government, hk("jurisdiction"), city)?;
            let post = Node::Single("leader-post");
            out.fact(post, RDF_TYPE, class("Post"))?;
            out.labels(post, "generated head of government", "生成的政府首長")?;
            out.fact(post, hk("postIn"), government)?;
            let document = Node::Single("travel-document");
            out.fact(document, RDF_TYPE, class("TravelDocument"))?;
            out.labels(document, "generated passport", "生成的護照")
        })
    }

    /// Organisations with one post each, and people with a post and a membership; every fourth
    /// person lives in a city (a resident, who speaks of their experience).
    fn actors(&self, out: &mut Out<'_>) -> Result<()> {
        let s = &self.sizes;
        in_passages(out, "機構", s.organisations, |out, o| {
            let org = Node::Entity("organisation", o);
            let kind = ORGANISATION_CLASSES[(o % 4) as usize];
            entity(out, org, kind, "organisation", "機構", o)?;
            let post = Node::Entity("post", o);
            entity(out, post, "Post", "post", "職位", o)?;
            out.fact(post, hk("postIn"), org)
        })?;
        in_passages(out, "人物", s.people, |out, p| {
            let person = Node::Entity("person", p);
            entity(out, person, "Person", "person", "人物", p)?;
            let mut rng = self.rng("person", p);
            out.fact(
                person,
                hk("holdsPost"),
                Node::Entity("post", rng.below(s.organisations)),
            )?;
            if is_resident(p) {
                out.fact(
                    person,
                    hk("residesIn"),
                    Node::Entity("city", rng.skewed(s.countries)),
                )?;
            }
            let membership = Node::Entity("membership", p);
            entity(out, membership, "Membership", "membership", "成員身份", p)?;
            out.fact(membership, hk("roleLabel"), Value::Text("member", EN))?;
            out.fact(membership, hk("roleLabel"), Value::Text("成員", ZH))?;
            out.fact(membership, (Ns::Org, "member"), person)?;
            let org = rng.skewed(s.organisations);
            out.fact(
                membership,
                (Ns::Org, "organization"),
                Node::Entity("organisation", org),
            )
        })
    }

    /// The concept schemes and their members: sectors, kinds, objectives (with their fields),
    /// advantages and roles (with their holders), flows, frameworks, connectivities, the kinds of
    /// agreement and of visa change.
    fn schemes(&self, out: &mut Out<'_>) -> Result<()> {
        let s = &self.sizes;
        out.passage("生成的概念體系", |out| {
            for (scheme, _, _, en, zh) in SCHEMES {
                let node = Node::Single(scheme);
                out.fact(node, RDF_TYPE, Node::Term(Ns::Skos, "ConceptScheme"))?;
                out.labels(node, &format!("generated {en}s"), &format!("生成的{zh}"))?;
            }
            Ok(())
        })?;
        for (scheme, kind, class_name, en, zh) in SCHEMES {
            in_passages(out, zh, s.of(kind), |out, n| {
                let node = Node::Entity(kind, n);
                if class_name.is_empty() {
                    out.fact(node, RDF_TYPE, Node::Term(Ns::Skos, "Concept"))?;
                    out.labels(
                        node,
                        &format!("{en} {n} (generated)"),
                        &format!("生成{zh}{n}"),
                    )?;
                } else {
                    entity(out, node, class_name, en, zh, n)?;
                }
                out.fact(node, (Ns::Skos, "inScheme"), Node::Single(scheme))?;
                let mut rng = self.rng(kind, n);
                match kind {
                    "objective" => out.fact(
                        node,
                        hk("sector"),
                        Node::Entity("sector", rng.skewed(s.sectors)),
                    ),
                    "advantage" => {
                        out.fact(
                            node,
                            hk("holder"),
                            Node::Entity("city", rng.skewed(s.countries)),
                        )?;
                        out.fact(
                            node,
                            hk("framework"),
                            Node::Entity("framework", rng.below(s.frameworks)),
                        )
                    }
                    "role" => out.fact(
                        node,
                        hk("holder"),
                        Node::Entity("city", rng.skewed(s.countries)),
                    ),
                    _ => Ok(()),
                }
            })?;
        }
        Ok(())
    }

    /// Plan `k`: a policy document and its part, directions with their points, platforms,
    /// measures (what they attract, pool, send out and bring in) and a complementarity of cities.
    fn plan(&self, out: &mut Out<'_>, k: u64) -> Result<()> {
        let s = &self.sizes;
        let mut rng = self.rng("plan", k);
        let document = Node::Entity("plan", k);
        let part = Node::Entity("part", k);
        out.passage(&format!("生成規劃{k}"), |out| {
            entity(out, document, "PolicyDocument", "plan", "規劃", k)?;
            out.fact(document, hk("planNumber"), Value::Integer(k as i64 + 1))?;
            out.fact(document, (Ns::Dct, "hasPart"), part)?;
            out.fact(
                document,
                (Ns::Dct, "publisher"),
                Node::Single("home-government"),
            )?;
            out.fact(document, (Ns::Dct, "spatial"), Node::Single("home-city"))?;
            entity(out, part, "DocumentPart", "plan part", "規劃部分", k)?;
            out.fact(part, hk("partNumber"), Value::Integer(5))?;
            out.fact(
                part,
                hk("objective"),
                Node::Entity("objective", rng.skewed(s.objectives)),
            )?;
            out.fact(
                part,
                hk("assignsRole"),
                Node::Entity("role", rng.skewed(s.roles)),
            )
        })?;
        let platform = |j: u64| Node::Entity("platform", k * PLATFORMS_PER_PLAN + j);
        for d in 0..DIRECTIONS_PER_PLAN {
            let number = k * DIRECTIONS_PER_PLAN + d;
            let direction = Node::Entity("direction", number);
            out.passage(&format!("生成政策方向{number}"), |out| {
                entity(
                    out,
                    direction,
                    "PolicyDirection",
                    "policy direction",
                    "政策方向",
                    number,
                )?;
                out.fact(
                    direction,
                    (Ns::Skos, "notation"),
                    Value::Plain(&(d + 1).to_string()),
                )?;
                out.fact(
                    direction,
                    hk("objective"),
                    Node::Entity("objective", rng.skewed(s.objectives)),
                )?;
                for p in 0..POINTS_PER_DIRECTION {
                    let index = number * POINTS_PER_DIRECTION + p;
                    let point = Node::Entity("point", index);
                    out.fact(direction, (Ns::Skos, "narrower"), point)?;
                    entity(out, point, "PolicyPoint", "policy point", "政策要點", index)?;
                    let notation = format!("{}.{}", d + 1, p + 1);
                    out.fact(point, (Ns::Skos, "notation"), Value::Plain(&notation))?;
                    out.fact(point, (Ns::Skos, "broader"), direction)?;
                    out.fact(
                        point,
                        hk("connectivity"),
                        Node::Entity("connectivity", index % 3),
                    )?;
                    out.fact(
                        point,
                        hk("sector"),
                        Node::Entity("sector", rng.skewed(s.sectors)),
                    )?;
                    out.fact(point, hk("platform"), platform(p % PLATFORMS_PER_PLAN))?;
                    out.fact(
                        point,
                        hk("objective"),
                        Node::Entity("objective", rng.skewed(s.objectives)),
                    )?;
                }
                Ok(())
            })?;
        }
        out.passage(&format!("生成規劃{k}的合作平台"), |out| {
            for j in 0..PLATFORMS_PER_PLAN {
                let index = k * PLATFORMS_PER_PLAN + j;
                let node = platform(j);
                entity(
                    out,
                    node,
                    "CooperationPlatform",
                    "cooperation platform",
                    "合作平台",
                    index,
                )?;
                out.fact(
                    node,
                    hk("role"),
                    Value::Text("a generated platform for cooperation", EN),
                )?;
                out.fact(node, hk("role"), Value::Text("生成的合作平台", ZH))?;
                for _ in 0..2 {
                    out.fact(
                        node,
                        hk("cooperationArea"),
                        Node::Entity("sector", rng.skewed(s.sectors)),
                    )?;
                }
                out.fact(
                    node,
                    hk("partnerCity"),
                    Node::Entity("city", rng.skewed(s.countries)),
                )?;
            }
            Ok(())
        })?;
        out.passage(&format!("生成規劃{k}的措施"), |out| {
            for j in 0..MEASURES_PER_PLAN {
                let index = k * MEASURES_PER_PLAN + j;
                let node = Node::Entity("measure", index);
                entity(out, node, "Measure", "measure", "措施", index)?;
                out.fact(node, hk("platform"), platform(j % PLATFORMS_PER_PLAN))?;
                out.fact(
                    node,
                    (Ns::Dct, "spatial"),
                    Node::Entity("city", rng.skewed(s.countries)),
                )?;
                out.fact(
                    node,
                    hk("objective"),
                    Node::Entity("objective", rng.skewed(s.objectives)),
                )?;
                out.fact(
                    node,
                    hk("exampleOf"),
                    Node::Entity("objective", rng.skewed(s.objectives)),
                )?;
                out.fact(
                    node,
                    hk("attracts"),
                    Node::Entity("actor-kind", rng.skewed(s.actor_kinds)),
                )?;
                out.fact(
                    node,
                    hk("pools"),
                    Node::Entity("resource-kind", rng.skewed(s.resource_kinds)),
                )?;
                out.fact(
                    node,
                    hk("helpsGoOut"),
                    Node::Entity("actor-kind", rng.skewed(s.actor_kinds)),
                )?;
                out.fact(
                    node,
                    hk("bringsIn"),
                    Node::Entity("resource-kind", rng.skewed(s.resource_kinds)),
                )?;
                out.fact(node, hk("flow"), Node::Entity("flow", rng.below(s.flows)))?;
                out.fact(
                    node,
                    hk("leverages"),
                    Node::Entity("advantage", rng.skewed(s.advantages)),
                )?;
            }
            Ok(())
        })?;
        out.passage(&format!("生成規劃{k}的優勢互補"), |out| {
            let node = Node::Entity("complementarity", k);
            entity(
                out,
                node,
                "Complementarity",
                "complementarity",
                "優勢互補",
                k,
            )?;
            let a = rng.skewed(s.countries);
            let b = (a + 1 + rng.below(s.countries - 1)) % s.countries;
            out.fact(node, hk("party"), Node::Entity("city", a))?;
            out.fact(node, hk("party"), Node::Entity("city", b))?;
            out.fact(
                node,
                hk("sector"),
                Node::Entity("sector", rng.skewed(s.sectors)),
            )?;
            out.fact(
                Node::Entity("city", a),
                hk("complementsWith"),
                Node::Entity("city", b),
            )
        })
    }

    /// Visit `v` (plans 0..plans written): its record, dates, countries and legs, delegation,
    /// outcomes and what people said of it.
    fn visit(&self, out: &mut Out<'_>, v: u64, plans: u64) -> Result<()> {
        let s = &self.sizes;
        let mut rng = self.rng("visit", v);
        let visit = Node::Entity("visit", v);
        // Round robin over the regions, so that the ordinal within the region is the true one.
        let region = v % s.regions;
        let in_region = s.countries.div_ceil(s.regions);
        let mut countries: Vec<u64> = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let country = region + s.regions * rng.skewed(in_region);
            if country < s.countries && !countries.contains(&country) {
                countries.push(country);
            }
        }
        if countries.is_empty() {
            countries.push(region);
        }
        let leader = rng.below(3.min(s.people));
        out.passage(&format!("生成第{v}次出訪"), |out| {
            entity(out, visit, "Visit", "visit", "出訪", v)?;
            out.fact(
                visit,
                hk("ordinalInRegion"),
                Value::Integer((v / s.regions) as i64 + 1),
            )?;
            out.fact(visit, hk("region"), Node::Entity("region", region))?;
            out.fact(visit, hk("leaderPost"), Node::Single("leader-post"))?;
            out.fact(visit, hk("leader"), Node::Entity("person", leader))
        })?;
        let year = 2000 + (v % 30) as u32;
        let month = 1 + rng.below(12) as u32;
        let day = 1 + rng.below(20) as u32;
        let end = day + rng.below(8) as u32;
        out.passage(&format!("生成第{v}次出訪的行程"), |out| {
            out.fact(visit, schema("startDate"), Value::Date(year, month, day))?;
            out.fact(visit, schema("endDate"), Value::Date(year, month, end))?;
            for (l, &country) in countries.iter().enumerate() {
                let leg = Node::Entity("leg", v * 3 + l as u64);
                out.fact(
                    visit,
                    hk("visitedCountry"),
                    Node::Entity("country", country),
                )?;
                out.fact(visit, schema("subEvent"), leg)?;
                entity(
                    out,
                    leg,
                    "VisitLeg",
                    "visit leg",
                    "出訪行程",
                    v * 3 + l as u64,
                )?;
                out.fact(leg, hk("visitedCountry"), Node::Entity("country", country))?;
                out.fact(leg, schema("superEvent"), visit)?;
            }
            Ok(())
        })?;
        out.passage(&format!("生成第{v}次出訪的代表團"), |out| {
            let delegation = Node::Entity("delegation", v);
            entity(out, delegation, "Delegation", "delegation", "代表團", v)?;
            out.fact(
                delegation,
                hk("composition"),
                Value::Text("generated representatives", EN),
            )?;
            out.fact(delegation, hk("composition"), Value::Text("生成的代表", ZH))?;
            let size = 20 + rng.below(80) as i64;
            match v % 3 {
                0 => out.fact(delegation, hk("memberCount"), Value::Integer(size))?,
                1 => {
                    out.fact(delegation, hk("minMemberCount"), Value::Integer(size))?;
                    out.fact(delegation, hk("lowerBoundExclusive"), Value::Boolean(true))?;
                    out.fact(delegation, hk("countIsLowerBound"), Value::Boolean(true))?;
                }
                _ => {
                    let tens = size / 10 * 10;
                    out.fact(delegation, hk("minMemberCount"), Value::Integer(tens))?;
                    out.fact(delegation, hk("maxMemberCount"), Value::Integer(tens + 10))?;
                    out.fact(delegation, hk("lowerBoundExclusive"), Value::Boolean(false))?;
                    out.fact(delegation, hk("upperBoundExclusive"), Value::Boolean(true))?;
                    out.fact(delegation, hk("countIsLowerBound"), Value::Boolean(true))?;
                }
            }
            out.fact(
                delegation,
                hk("memberKind"),
                Node::Entity("actor-kind", rng.skewed(s.actor_kinds)),
            )?;
            out.fact(
                delegation,
                hk("memberSector"),
                Node::Entity("sector", rng.skewed(s.sectors)),
            )?;
            out.fact(visit, hk("delegation"), delegation)
        })?;
        out.passage(&format!("生成第{v}次出訪的成果"), |out| {
            let batch = Node::Entity("outcome", v * 4);
            entity(
                out,
                batch,
                "AgreementBatch",
                "agreement batch",
                "協議",
                v * 4,
            )?;
            out.fact(
                batch,
                hk("agreementCount"),
                Value::Integer(1 + rng.below(99) as i64),
            )?;
            out.fact(
                batch,
                hk("agreementKind"),
                Node::Entity("agreement-kind", rng.below(4)),
            )?;
            out.fact(
                batch,
                hk("agreementKind"),
                Node::Entity("agreement-kind", rng.below(4)),
            )?;
            let amount = Node::Entity("amount", v);
            out.fact(batch, hk("minTotalValue"), amount)?;
            out.fact(amount, RDF_TYPE, Node::Term(Ns::Schema, "MonetaryAmount"))?;
            out.labels(
                amount,
                &format!("amount {v} (generated)"),
                &format!("生成金額{v}"),
            )?;
            out.fact(
                amount,
                schema("minValue"),
                Value::Decimal(1_000_000 * (1 + rng.below(5000))),
            )?;
            out.fact(amount, schema("currency"), Value::Plain("USD"))?;
            out.fact(amount, hk("lowerBoundExclusive"), Value::Boolean(true))?;
            out.fact(visit, hk("outcome"), batch)?;
            for slot in 1..4 {
                let kind = OUTCOME_KINDS[((v + 2 * slot) % 6) as usize];
                let index = v * 4 + slot;
                let outcome = Node::Entity("outcome", index);
                let country = countries[rng.below(countries.len() as u64) as usize];
                self.outcome(out, outcome, kind, index, country, leader, &mut rng)?;
                out.fact(visit, hk("outcome"), outcome)?;
            }
            Ok(())
        })?;
        out.passage(&format!("生成第{v}次出訪的談話"), |out| {
            let country = Node::Entity("country", countries[0]);
            for j in 0..2 {
                let index = v * 2 + j;
                let statement = Node::Entity("statement", index);
                entity(out, statement, "Statement", "statement", "言論", index)?;
                out.fact(
                    statement,
                    hk("speaker"),
                    Node::Entity("person", rng.skewed(s.people)),
                )?;
                said(out, statement, index)?;
                out.fact(statement, hk("about"), country)?;
                out.fact(
                    statement,
                    hk("about"),
                    Node::Entity("objective", rng.skewed(s.objectives)),
                )?;
                out.fact(
                    statement,
                    hk("about"),
                    Node::Entity("connectivity", rng.below(3)),
                )?;
                let topic = match v % 4 {
                    0 => Node::Entity("flow", rng.below(s.flows)),
                    1 => Node::Entity("role", rng.skewed(s.roles)),
                    2 => Node::Entity("advantage", rng.skewed(s.advantages)),
                    _ => Node::Entity("measure", rng.skewed(plans * MEASURES_PER_PLAN)),
                };
                out.fact(statement, hk("about"), topic)?;
            }
            if v.is_multiple_of(5) {
                let (a, b) = (
                    Node::Entity("statement", v * 2),
                    Node::Entity("statement", v * 2 + 1),
                );
                out.fact(a, hk("sameWordsAs"), b)?;
            }
            let proposal = Node::Entity("proposal", v);
            let org = Node::Entity("organisation", rng.skewed(s.organisations));
            entity(out, proposal, "Proposal", "proposal", "建議", v)?;
            out.fact(proposal, hk("proposedBy"), org)?;
            out.fact(proposal, hk("speaker"), org)?;
            out.fact(
                proposal,
                hk("conveyedBy"),
                Node::Entity("person", rng.skewed(s.people)),
            )?;
            out.fact(proposal, hk("ordinal"), Value::Integer((v % 6) as i64 + 1))?;
            said(out, proposal, v)?;
            out.fact(
                proposal,
                hk("about"),
                Node::Entity("connectivity", rng.below(3)),
            )?;
            // A resident's experience and request (every fourth person lives in a city).
            let resident = Node::Entity("person", 4 * rng.below(s.people / 4) + 3);
            let experience = Node::Entity("experience", v);
            entity(out, experience, "Experience", "experience", "經歷", v)?;
            out.fact(experience, hk("speaker"), resident)?;
            said(out, experience, v)?;
            out.fact(
                experience,
                hk("about"),
                Node::Entity("sector", rng.skewed(s.sectors)),
            )?;
            let request = Node::Entity("request", v);
            entity(
                out,
                request,
                "Proposal",
                "resident's request",
                "居民訴求",
                v,
            )?;
            out.fact(request, hk("speaker"), resident)?;
            said(out, request, v)?;
            out.fact(
                request,
                hk("targetGroup"),
                Node::Entity("actor-kind", rng.skewed(s.actor_kinds)),
            )?;
            out.fact(
                request,
                hk("about"),
                Node::Entity("sector", rng.skewed(s.sectors)),
            )?;
            out.fact(
                request,
                hk("about"),
                Node::Entity("objective", rng.skewed(s.objectives)),
            )
        })?;
        out.visit_written();
        Ok(())
    }

    /// One outcome of a kind other than an agreement batch, with `country` on the other side.
    #[allow(clippy::too_many_arguments)]
    fn outcome(
        &self,
        out: &mut Out<'_>,
        outcome: Node,
        kind: &'static str,
        index: u64,
        country: u64,
        leader: u64,
        rng: &mut Rng,
    ) -> Result<()> {
        let s = &self.sizes;
        let names = match kind {
            "VisaArrangement" => ("visa arrangement", "免簽安排"),
            "NegotiationLaunch" => ("negotiation launch", "展開談判"),
            "AirRoute" => ("air route", "航線"),
            "ConsulateEstablishment" => ("consulate", "總領事館"),
            "InstitutionalPartnership" => ("partnership", "合作夥伴關係"),
            _ => ("relations", "關係"),
        };
        entity(out, outcome, kind, names.0, names.1, index)?;
        let counterpart = Node::Entity("country", country);
        let government = Node::Entity("government", country);
        let both = |out: &mut Out<'_>, property, en, zh| -> Result<()> {
            out.fact(outcome, hk(property), Value::Text(en, EN))?;
            out.fact(outcome, hk(property), Value::Text(zh, ZH))
        };
        match kind {
            "VisaArrangement" => {
                out.fact(outcome, hk("counterpartCountry"), counterpart)?;
                out.fact(outcome, hk("grantingCountry"), counterpart)?;
                let days = [14, 30, 60, 90][rng.below(4) as usize];
                out.fact(outcome, hk("visaFreeDays"), Value::Integer(days))?;
                out.fact(
                    outcome,
                    hk("holderDocument"),
                    Node::Single("travel-document"),
                )?;
                out.fact(outcome, hk("announcedBy"), Node::Entity("person", leader))?;
                out.fact(
                    outcome,
                    hk("changeKind"),
                    Node::Entity("visa-change", rng.below(3)),
                )
            }
            "NegotiationLaunch" => {
                out.fact(outcome, hk("counterpartCountry"), counterpart)?;
                out.fact(outcome, hk("counterpartOrganization"), government)?;
                both(out, "stage", "formal negotiations", "正式談判")?;
                let agreement = Node::Entity("agreement", index);
                out.fact(outcome, hk("subjectAgreement"), agreement)?;
                let class_name = AGREEMENT_CLASSES[(index % 4) as usize];
                entity(out, agreement, class_name, "agreement", "協定", index)?;
                out.fact(
                    agreement,
                    hk("sector"),
                    Node::Entity("sector", rng.skewed(s.sectors)),
                )
            }
            "AirRoute" => {
                out.fact(outcome, hk("origin"), Node::Single("home-city"))?;
                out.fact(outcome, hk("destination"), Node::Entity("city", country))?;
                out.fact(outcome, hk("direct"), Value::Boolean(true))?;
                both(out, "plannedStartText", "next year", "明年")
            }
            "ConsulateEstablishment" => {
                out.fact(outcome, hk("counterpartCountry"), counterpart)?;
                out.fact(outcome, hk("counterpartOrganization"), government)?;
                out.fact(outcome, hk("establishingCountry"), counterpart)?;
                out.fact(outcome, hk("location"), Node::Single("home-city"))?;
                both(out, "consulateKind", "consulate-general", "總領事館")?;
                both(out, "status", "agreed", "同意")
            }
            "InstitutionalPartnership" => {
                out.fact(outcome, hk("counterpartCountry"), counterpart)?;
                let partner = rng.skewed(s.organisations);
                out.fact(
                    outcome,
                    hk("partner"),
                    Node::Entity("organisation", partner),
                )?;
                both(out, "plannedActivity", "joint exhibitions", "合辦展覽")
            }
            _ => {
                out.fact(
                    outcome,
                    hk("counterpartBloc"),
                    Node::Entity("bloc", rng.below(s.blocs)),
                )?;
                out.fact(
                    outcome,
                    hk("objective"),
                    Node::Entity("objective", rng.skewed(s.objectives)),
                )?;
                out.fact(
                    outcome,
                    hk("leverages"),
                    Node::Entity("advantage", rng.skewed(s.advantages)),
                )?;
                out.fact(
                    outcome,
                    hk("sector"),
                    Node::Entity("sector", rng.skewed(s.sectors)),
                )
            }
        }
    }
}

/// Whether person `p` lives in a city (a resident): every fourth, 3, 7, 11, ….
fn is_resident(p: u64) -> bool {
    p % 4 == 3
}

/// Writes `count` pool entities, `PER_PASSAGE` to a passage.
fn in_passages(
    out: &mut Out<'_>,
    what_zh: &str,
    count: u64,
    mut each: impl FnMut(&mut Out<'_>, u64) -> Result<()>,
) -> Result<()> {
    let mut first = 0;
    while first < count {
        let last = (first + PER_PASSAGE).min(count);
        out.passage(&format!("生成{what_zh}{first}至{}", last - 1), |out| {
            (first..last).try_for_each(|n| each(out, n))
        })?;
        first = last;
    }
    Ok(())
}

/// An entity's type and labels in both languages, numbered.
fn entity(
    out: &mut Out<'_>,
    node: Node,
    class_name: &'static str,
    en: &str,
    zh: &str,
    n: u64,
) -> Result<()> {
    out.fact(node, RDF_TYPE, class(class_name))?;
    out.labels(
        node,
        &format!("{en} {n} (generated)"),
        &format!("生成{zh}{n}"),
    )
}

/// A statement's words (zh-Hant, as a source would have them) and its English summary.
fn said(out: &mut Out<'_>, statement: Node, n: u64) -> Result<()> {
    let text = format!("生成的第{n}段言論，並非真實");
    let summary = format!("Generated words number {n}; not said by anyone.");
    out.fact(statement, HK_TEXT, Value::Text(&text, ZH))?;
    out.fact(statement, hk("summary"), Value::Text(&summary, EN))
}

/// `n` as `width` capital letters (A = 0), for ISO-like codes.
fn letters(mut n: u64, width: usize) -> String {
    let mut code = vec![b'A'; width];
    for slot in code.iter_mut().rev() {
        *slot = b'A' + (n % 26) as u8;
        n /= 26;
    }
    String::from_utf8(code).expect("ASCII letters")
}
