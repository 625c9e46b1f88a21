// Word lists for the generated construction data. Some entries are deliberately awkward
// (markup characters, quotes, non-ASCII letters, leading formula characters, long names,
// duplicates) because real Procore data contains them.

enum ProcoreNames {
    /// Vendor directory. The first entries always appear, so every data set holds the dirt.
    static let vendors: [String] = [
        "Müller & Söhne <Drywall>",
        "O'Brien \"Pete\" Concrete Co.",
        "Southwestern Mechanical Contractors of Greater Phoenix, LLC",
        "ABC Electric, Inc.",
        "ABC Electric, Inc.",
        "+1 Plumbing & Heating",
        "=Summit Steel Erectors",
        "Nguyễn Painting & Coatings",
        "Łódź Glazing Systems",
        "  Acme Equipment Rentals  ",
        "Granite State Excavation",
        "Blue Ridge Roofing & Sheet Metal",
        "Keystone Fire Protection",
        "Pacific Rim Curtain Wall",
        "Lone Star Masonry",
        "Great Lakes Insulation",
        "Evergreen Landscaping",
        "Atlas Elevator Company",
        "Precision Millwork & Casework",
        "Redwood Framing Contractors",
        "Cornerstone Surveying",
        "Harbor Mechanical",
        "Iron Horse Rebar",
        "Sunbelt Ready-Mix Supply",
        "Delta Flooring Installations",
        "Mesa Verde HVAC Services",
        "Northern Lights Low Voltage",
        "Frontier Waterproofing",
        "Tri-County Paving & Sealcoat",
        "Allied Doors, Frames & Hardware",
        "Piedmont Earthworks",
        "Bayou City Demolition",
        "Cascade Acoustical Ceilings",
        "García Tile & Stone",
        "Yellowstone Structural Steel",
        "Magnolia Painting",
    ]

    static let cities: [(city: String, state: String, zip: String, lat: Int64, lon: Int64, timeZone: String)] = [
        ("Phoenix", "AZ", "85004", 33_448_400, -112_074_000, "US/Arizona"),
        ("Denver", "CO", "80202", 39_739_200, -104_990_300, "US/Mountain"),
        ("Austin", "TX", "78701", 30_267_200, -97_743_100, "US/Central"),
        ("Portland", "OR", "97204", 45_515_200, -122_678_400, "US/Pacific"),
        ("Nashville", "TN", "37203", 36_162_700, -86_781_600, "US/Central"),
        ("Raleigh", "NC", "27601", 35_779_600, -78_638_200, "US/Eastern"),
        ("Sacramento", "CA", "95814", 38_581_600, -121_494_400, "US/Pacific"),
        ("Columbus", "OH", "43215", 39_961_200, -82_998_800, "US/Eastern"),
        ("San José", "CA", "95113", 37_338_200, -121_886_300, "US/Pacific"),
        ("Boise", "ID", "83702", 43_615_000, -116_202_300, "US/Mountain"),
    ]

    static let streets = ["Main St", "Commerce Blvd", "Industrial Way", "Market St", "Harbor Dr",
                          "Mill Rd", "Canal St", "Oak Ave", "Depot Ln", "Quarry Rd"]

    static let projectKinds = [
        "Medical Office Building", "Elementary School Addition", "Parking Structure",
        "Mixed-Use Residential", "Distribution Center", "Fire Station No. 7",
        "Library Renovation", "Hotel & Conference Center", "Water Treatment Upgrade",
        "Corporate HQ Tenant Improvement", "Senior Living Community", "Science Lab Building",
    ]

    static let owners = ["Riverside Health Partners", "Unified School District 14",
                         "City of Harborview", "Crescent Development LLC",
                         "Northwind Logistics", "Saint Mary's Hospital & Clinics"]

    /// CSI MasterFormat-style cost codes: (full code, name).
    static let costCodes: [(code: String, name: String)] = [
        ("01-100", "General Requirements"),
        ("01-500", "Temporary Facilities & Controls"),
        ("02-200", "Site Preparation"),
        ("02-400", "Demolition"),
        ("03-100", "Concrete Forming"),
        ("03-200", "Concrete Reinforcing"),
        ("03-300", "Cast-in-Place Concrete"),
        ("04-200", "Unit Masonry"),
        ("05-100", "Structural Steel Framing"),
        ("05-500", "Metal Fabrications"),
        ("06-100", "Rough Carpentry"),
        ("06-400", "Architectural Woodwork"),
        ("07-200", "Thermal Protection"),
        ("07-500", "Membrane Roofing"),
        ("07-900", "Joint Protection"),
        ("08-100", "Doors, Frames & Hardware"),
        ("08-400", "Entrances, Storefronts & Curtain Walls"),
        ("09-250", "Gypsum Board"),
        ("09-300", "Tiling"),
        ("09-500", "Ceilings"),
        ("09-650", "Resilient Flooring"),
        ("09-900", "Painting & Coating"),
        ("10-100", "Visual Display Units"),
        ("14-200", "Elevators"),
        ("21-100", "Fire-Suppression Sprinklers"),
        ("22-100", "Plumbing Piping"),
        ("23-300", "HVAC Air Distribution"),
        ("26-100", "Medium-Voltage Electrical"),
        ("26-500", "Lighting"),
        ("31-200", "Earth Moving"),
        ("32-100", "Paving"),
        ("32-900", "Planting"),
    ]

    static let lineItemTypes: [(name: String, code: String, baseType: String)] = [
        ("Labor", "L", "other"),
        ("Materials", "M", "materials"),
        ("Subcontract", "S", "commitment"),
        ("Equipment", "E", "equipment"),
        ("Other", "O", "other"),
    ]

    static let scopes = [
        "Furnish & install", "Labor only:", "Supply", "Mobilization —", "Shop drawings for",
        "Temporary protection of", "Testing & inspection of", "Punch list:",
    ]

    static let things = [
        "Level 2 slab on deck", "curtain wall units (north elevation)", "rebar #5 @ 12\" o.c.",
        "Façade panels — Level 3", "gypsum board partitions <Type A>", "roof drains & overflow scuppers",
        "elevator pit waterproofing", "storefront glazing", "VCT flooring, corridors",
        "fire-rated doors 90 min", "duct risers, shafts A/B", "site lighting poles",
        "CMU walls 8\"", "anchor bolts & embeds", "acoustical ceiling tiles 2'x2'",
        "trench drains", "exterior paint, 2 coats", "landscape irrigation",
    ]

    static let commitmentTitles = [
        "Concrete package", "Structural steel supply", "Drywall & framing", "Electrical rough-in",
        "Plumbing & fixtures", "HVAC ductwork", "Roofing system", "Glazing & storefront",
        "Site work & utilities", "Painting & finishes", "Fire sprinklers", "Elevator installation",
        "Doors, frames & hardware", "Masonry", "Flooring", "Equipment rental",
    ]

    static let changeReasons = ["Owner request", "Design change", "Unforeseen condition",
                                "Code requirement", "Value engineering credit", "Allowance reconciliation"]

    static let changeTitles = [
        "Add blocking for owner-furnished equipment", "Delete canopy at east entry (credit)",
        "Revise slab thickness per ASI-012", "Additional fire caulking at penetrations",
        "Owner-directed upgrade: LED fixtures", "Rock excavation — unforeseen",
        "Reroute storm line around existing vault", "Credit: substitute VCT for LVT",
        "Extra dumpster pulls (May)", "Revise door hardware sets \"HW-4\" & \"HW-7\"",
    ]

    static let directCostDescriptions = [
        "Dumpster rental", "Fuel for generators", "Small tools & consumables", "Permit fees",
        "Courier & reprographics", "Site security (weekend)", "Portable toilets", "Credit memo: returned materials",
    ]

    static let uoms = ["LS", "EA", "LF", "SF", "CY", "TON", "HR"]
}
