//! Real metropolitan areas for generated data, so that generated tract ids
//! are real-shaped census GEOIDs (state, county, tract) of a county of their
//! CBSA and state, county and national aggregation mean something. The CBSA
//! codes are those of FHFA's 2009 metropolitan index (so a generated run can
//! be compared with a published series); the counties are among each area's
//! own. The first three are the sample project's: two Texas areas, so that a
//! state spans CBSAs, and one in Ohio.

/// A CBSA (or metropolitan division) code and the 5-digit FIPS codes of some of its counties.
pub(crate) const METROS: [(&str, &[&str]); 52] = [
    ("10180", &["48441", "48253", "48059"]), // Abilene, TX: Taylor, Jones, Callahan
    ("11100", &["48375", "48381"]),          // Amarillo, TX: Potter, Randall
    ("10420", &["39153", "39133"]),          // Akron, OH: Summit, Portage
    ("10580", &["36001", "36093", "36083"]), // Albany-Schenectady-Troy, NY
    ("10740", &["35001", "35043"]),          // Albuquerque, NM: Bernalillo, Sandoval
    ("12060", &["13121", "13089", "13067", "13135"]), // Atlanta, GA: Fulton, DeKalb, Cobb, Gwinnett
    ("12420", &["48453", "48491"]),          // Austin, TX: Travis, Williamson
    ("12580", &["24005", "24510", "24003"]), // Baltimore, MD
    ("16740", &["37119", "37071"]),          // Charlotte, NC: Mecklenburg, Gaston
    ("16974", &["17031", "17043"]),          // Chicago, IL (MSAD): Cook, DuPage
    ("17460", &["39035", "39093"]),          // Cleveland, OH: Cuyahoga, Lorain
    ("18140", &["39049", "39041"]),          // Columbus, OH: Franklin, Delaware
    ("19124", &["48113", "48085"]),          // Dallas, TX (MSAD): Dallas, Collin
    ("19740", &["08031", "08005", "08059"]), // Denver, CO: Denver, Arapahoe, Jefferson
    ("26420", &["48201", "48157"]),          // Houston, TX: Harris, Fort Bend
    ("26900", &["18097", "18057"]),          // Indianapolis, IN: Marion, Hamilton
    ("28140", &["29095", "20091"]),          // Kansas City, MO-KS: Jackson, Johnson
    ("29820", &["32003"]),                   // Las Vegas, NV: Clark
    ("31084", &["06037"]),                   // Los Angeles, CA (MSAD)
    ("33124", &["12086"]),                   // Miami, FL (MSAD): Miami-Dade
    ("34980", &["47037", "47149"]),          // Nashville, TN: Davidson, Rutherford
    ("35644", &["36061", "36047", "36081"]), // New York, NY (MSAD): New York, Kings, Queens
    ("37964", &["42101", "42045"]),          // Philadelphia, PA (MSAD): Philadelphia, Delaware
    ("38060", &["04013"]),                   // Phoenix, AZ: Maricopa
    ("38300", &["42003"]),                   // Pittsburgh, PA: Allegheny
    ("38900", &["41051", "41067", "53011"]), // Portland, OR-WA: Multnomah, Washington, Clark
    ("39580", &["37183"]),                   // Raleigh, NC: Wake
    ("40900", &["06067", "06061"]),          // Sacramento, CA: Sacramento, Placer
    ("41180", &["29189", "29510", "17163"]), // St. Louis, MO-IL
    ("41620", &["49035"]),                   // Salt Lake City, UT: Salt Lake
    ("41700", &["48029"]),                   // San Antonio, TX: Bexar
    ("41740", &["06073"]),                   // San Diego, CA
    ("41884", &["06075", "06081"]),          // San Francisco, CA (MSAD): San Francisco, San Mateo
    ("42644", &["53033", "53061"]),          // Seattle, WA (MSAD): King, Snohomish
    ("45300", &["12057", "12103"]),          // Tampa, FL: Hillsborough, Pinellas
    ("47894", &["11001", "51013", "24031"]), // Washington, DC-VA-MD (MSAD)
    ("17140", &["39061", "21117"]),          // Cincinnati, OH-KY: Hamilton, Kenton
    ("19804", &["26163"]),                   // Detroit, MI (MSAD): Wayne
    ("33460", &["27053", "27123"]),          // Minneapolis, MN: Hennepin, Ramsey
    ("36740", &["12095", "12117"]),          // Orlando, FL: Orange, Seminole
    ("27260", &["12031"]),                   // Jacksonville, FL: Duval
    ("40060", &["51760", "51087"]),          // Richmond, VA: Richmond city, Henrico
    ("13820", &["01073"]),                   // Birmingham, AL: Jefferson
    ("32820", &["47157"]),                   // Memphis, TN: Shelby
    ("35380", &["22071", "22051"]),          // New Orleans, LA: Orleans, Jefferson
    ("46140", &["40143"]),                   // Tulsa, OK
    ("36420", &["40109"]),                   // Oklahoma City, OK: Oklahoma
    ("31140", &["21111"]),                   // Louisville, KY: Jefferson
    ("25540", &["09003"]),                   // Hartford, CT
    ("14860", &["09001"]),                   // Bridgeport, CT: Fairfield
    ("24340", &["26081"]),                   // Grand Rapids, MI: Kent
    ("17820", &["08041"]),                   // Colorado Springs, CO: El Paso
];

/// The areas of [`METROS`] by size, largest first (by population, roughly as the Census Bureau
/// ranks them): the national layout gives its largest sizes to the largest real areas.
pub(crate) const BY_SIZE: [&str; 52] = [
    "35644", "31084", "16974", "19124", "26420", "47894", "37964", "33124", "12060", "38060", "41884", "42644",
    "19804", "33460", "41740", "45300", "19740", "12580", "41180", "36740", "16740", "41700", "38900", "40900",
    "38300", "29820", "12420", "17140", "28140", "18140", "26900", "17460", "34980", "27260", "39580", "31140",
    "32820", "40060", "36420", "35380", "41620", "25540", "13820", "10580", "24340", "46140", "14860", "10740",
    "10420", "17820", "11100", "10180",
];

/// The 50 states and the District of Columbia (FIPS codes): the states of the national
/// layout's made-up areas, in turn.
pub(crate) const STATES: [&str; 51] = [
    "01", "02", "04", "05", "06", "08", "09", "10", "11", "12", "13", "15", "16", "17", "18", "19", "20", "21", "22",
    "23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36", "37", "38", "39", "40", "41",
    "42", "44", "45", "46", "47", "48", "49", "50", "51", "53", "54", "55", "56",
];
