//! The word lists synthetic pages are made from: places, topics, sentence
//! parts, headings and the values of the content model's fields.

pub(super) const COUNTRIES: [(&str, &str); 24] = [
    ("Austria", "AT"),
    ("Belgium", "BE"),
    ("Bulgaria", "BG"),
    ("Croatia", "HR"),
    ("Czechia", "CZ"),
    ("Denmark", "DK"),
    ("Estonia", "EE"),
    ("Finland", "FI"),
    ("France", "FR"),
    ("Germany", "DE"),
    ("Greece", "GR"),
    ("Hungary", "HU"),
    ("Ireland", "IE"),
    ("Italy", "IT"),
    ("Latvia", "LV"),
    ("Lithuania", "LT"),
    ("Netherlands", "NL"),
    ("Norway", "NO"),
    ("Poland", "PL"),
    ("Portugal", "PT"),
    ("Romania", "RO"),
    ("Slovenia", "SI"),
    ("Spain", "ES"),
    ("Sweden", "SE"),
];

pub(super) const SYLLABLES: [&str; 24] = [
    "al", "ber", "cas", "dor", "el", "fa", "gran", "hol", "is", "ka", "lin", "mar", "nor", "ost",
    "pra", "quin", "ros", "sal", "tor", "ul", "val", "wen", "ya", "zen",
];

pub(super) const CS_TOPICS: [&str; 16] = [
    "heat-resilient schoolyards",
    "blue-green corridors",
    "district heating retrofit",
    "superblock pilot",
    "participatory climate budget",
    "rooftop solar cooperative",
    "sponge-city streets",
    "circular construction hub",
    "low-emission zone",
    "community energy",
    "urban forest plan",
    "waterfront renaturation",
    "climate city contract",
    "15-minute neighbourhood",
    "social housing renovation",
    "flood early-warning system",
];

pub(super) const METHOD_TOPICS: [&str; 14] = [
    "Participatory mapping",
    "Climate risk assessment",
    "Scenario workshops",
    "Co-creation lab",
    "Cost-benefit analysis",
    "Living lab",
    "Stakeholder mapping",
    "Serious game",
    "Heat vulnerability index",
    "Transition pathways",
    "Urban metabolism model",
    "Multi-criteria analysis",
    "Backcasting",
    "Impact monitoring framework",
];

pub(super) const DISS_TOPICS: [&str; 10] = [
    "webinar",
    "policy brief",
    "summer school",
    "annual assembly",
    "press release",
    "newsletter",
    "city exchange visit",
    "hackathon",
    "conference session",
    "training course",
];

pub(super) const SUBJECTS: [&str; 12] = [
    "The municipality",
    "The city council",
    "Local stakeholders",
    "The project team",
    "Residents of the pilot district",
    "The regional energy agency",
    "Partner universities",
    "Neighbourhood associations",
    "The mobility department",
    "A cross-departmental task force",
    "The water utility",
    "Planning officers",
];

pub(super) const VERBS: [&str; 14] = [
    "co-designed",
    "mapped",
    "evaluated",
    "piloted",
    "scaled up",
    "monitored",
    "prioritised",
    "documented",
    "financed",
    "tested",
    "reviewed",
    "simulated",
    "adapted",
    "replicated",
];

pub(super) const OBJECTS: [&str; 16] = [
    "a heat-resilience action plan",
    "nature-based solutions along the river corridor",
    "a district heating retrofit",
    "shared mobility hubs",
    "a climate investment plan",
    "green and blue infrastructure",
    "a neighbourhood energy community",
    "a public-space redesign",
    "the local adaptation strategy",
    "a circular procurement scheme",
    "low-carbon renovation packages",
    "a monitoring dashboard",
    "the carbon budget for 2030",
    "a tree-planting programme",
    "permeable street surfaces",
    "a citizen climate assembly",
];

pub(super) const CLAUSES: [&str; 14] = [
    "to reduce peak summer temperatures",
    "in close collaboration with housing associations",
    "despite tight municipal budgets",
    "over an eighteen-month period",
    "with support from the national climate fund",
    "across three pilot neighbourhoods",
    "using open and reusable data",
    "to cut emissions in the building stock",
    "while protecting vulnerable households",
    "as part of the mission portfolio",
    "following a series of public workshops",
    "with measurable co-benefits for health",
    "to prepare for more frequent cloudbursts",
    "so that results can be replicated",
];

pub(super) const CONNECTIVES: [&str; 8] = [
    "In parallel,",
    "As a result,",
    "However,",
    "In addition,",
    "At the same time,",
    "Over time,",
    "In practice,",
    "Consequently,",
];

pub(super) const INDICATORS: [(&str, u64, u64); 8] = [
    ("CO2 emissions (kt/yr)", 40, 900),
    ("Tree canopy cover (%)", 8, 35),
    ("Households reached", 200, 9000),
    ("Surface temperature (°C)", 28, 48),
    ("Renewable share (%)", 5, 60),
    ("Sealed surface (%)", 30, 85),
    ("Cycling modal share (%)", 2, 30),
    ("Energy use (GWh/yr)", 10, 400),
];

/// Section headings per collection. Every page of the collection has all of
/// them, so `#anchor` links to them from other pages always resolve.
pub(super) const CS_HEADINGS: [&str; 6] = [
    "Context",
    "Challenge",
    "Approach",
    "Implementation",
    "Results",
    "Lessons learned",
];
pub(super) const METHOD_HEADINGS: [&str; 5] = [
    "Purpose",
    "When to use it",
    "Steps",
    "Inputs and outputs",
    "Limitations",
];
pub(super) const DISS_HEADINGS: [&str; 5] = [
    "Summary",
    "Programme",
    "Key messages",
    "Speakers and partners",
    "Get involved",
];
pub(super) const SMALL_HEADINGS: [&str; 2] = ["Overview", "Work in the cluster"];

pub(super) const DOMAINS: [&str; 5] = [
    "built-environment",
    "energy-systems",
    "mobility",
    "nature-based-solutions",
    "waste-circular-economy",
];
pub(super) const IMPACTS: [&str; 7] = [
    "extreme-temperatures",
    "water-scarcity",
    "flooding",
    "sea-level-rise",
    "droughts",
    "storms",
    "ice-and-snow",
];
pub(super) const FIVE_UP: [&str; 5] = ["update", "upskill", "upgrade", "upscale", "uptake"];
pub(super) const SCALES: [&str; 5] = ["building", "street", "neighbourhood", "district", "city"];
pub(super) const STATUSES: [&str; 3] = ["planned", "ongoing", "completed"];
pub(super) const METHOD_TYPES: [&str; 6] = [
    "approach",
    "methodology",
    "tool",
    "toolkit",
    "guidance",
    "training",
];
pub(super) const ACCESS: [&str; 4] = ["open-source", "free-online", "on-request", "proprietary"];
pub(super) const EVENT_TYPES: [&str; 4] = ["cluster-meeting", "conference", "workshop", "webinar"];
