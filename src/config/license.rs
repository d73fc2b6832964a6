//! hub.yaml's `content_license`: the SPDX id of the licence of the hub's
//! text and data, checked against the licences content is commonly
//! published under (or a `LicenseRef-` id of the hub's own), with the
//! address of its text.

/// SPDX ids of licences for text and data, with the address of each.
const KNOWN: [(&str, &str); 17] = [
    ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"),
    (
        "CC-BY-SA-4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    (
        "CC-BY-NC-4.0",
        "https://creativecommons.org/licenses/by-nc/4.0/",
    ),
    (
        "CC-BY-NC-SA-4.0",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    ),
    (
        "CC-BY-ND-4.0",
        "https://creativecommons.org/licenses/by-nd/4.0/",
    ),
    (
        "CC-BY-NC-ND-4.0",
        "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    ),
    ("CC-BY-3.0", "https://creativecommons.org/licenses/by/3.0/"),
    (
        "CC-BY-SA-3.0",
        "https://creativecommons.org/licenses/by-sa/3.0/",
    ),
    (
        "CC0-1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    ("ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    ("ODC-By-1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    ("PDDL-1.0", "https://opendatacommons.org/licenses/pddl/1-0/"),
    (
        "OGL-UK-3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
    (
        "etalab-2.0",
        "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    ),
    ("DL-DE-BY-2.0", "https://www.govdata.de/dl-de/by-2-0"),
    ("MIT", "https://spdx.org/licenses/MIT.html"),
    ("Apache-2.0", "https://www.apache.org/licenses/LICENSE-2.0"),
];

/// The licence of the hub's content.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ContentLicense {
    /// The SPDX id, as hub.yaml writes it: `CC-BY-4.0`.
    pub id: String,
    /// Where its text is; for a `LicenseRef-` id, the SPDX page of ids.
    pub url: String,
}

/// The licence `id` names, or the message and hint of the problem.
pub(super) fn read(id: &str) -> Result<ContentLicense, (String, String)> {
    if let Some((known, url)) = KNOWN.iter().find(|(k, _)| *k == id) {
        return Ok(ContentLicense {
            id: known.to_string(),
            url: url.to_string(),
        });
    }
    let custom = id.strip_prefix("LicenseRef-");
    if custom.is_some_and(|r| {
        !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    }) {
        return Ok(ContentLicense {
            id: id.to_string(),
            url: "https://spdx.dev/learn/handling-license-info/".to_string(),
        });
    }
    if let Some((known, _)) = KNOWN.iter().find(|(k, _)| k.eq_ignore_ascii_case(id)) {
        return Err((
            format!("`{id}` is not written as its SPDX id"),
            format!("write `{known}`"),
        ));
    }
    let ids: Vec<&str> = KNOWN.iter().map(|(k, _)| *k).collect();
    let hint = match crate::text::nearest(id, ids.iter().copied()) {
        Some(n) => format!("did you mean `{n}`? Known ids: {}", ids.join(", ")),
        None => format!(
            "write the SPDX id of the licence (https://spdx.org/licenses/), one of: {}; or `LicenseRef-<name>` for a licence of your own",
            ids.join(", ")
        ),
    };
    Err((format!("`{id}` is not a licence clusterhub knows"), hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_with_their_address_or_refused_with_the_right_spelling() {
        let ok = read("CC-BY-4.0").expect("known");
        assert_eq!(ok.url, "https://creativecommons.org/licenses/by/4.0/");
        assert!(read("LicenseRef-City-Open-1").is_ok());
        let (msg, hint) = read("cc-by-4.0").expect_err("case");
        assert!(msg.contains("SPDX id"), "{msg}");
        assert_eq!(hint, "write `CC-BY-4.0`");
        let (_, hint) = read("CC-BY-4").expect_err("typo");
        assert!(hint.starts_with("did you mean `CC-BY-4.0`?"), "{hint}");
        assert!(read("LicenseRef-").is_err());
    }
}
