//! Interface text in both Norwegian written standards, bokmål (`nb`) and
//! nynorsk (`nn`), and Norwegian date formatting ("1. oktober 2024").
//! Templates get the strings of their page's language as the `t` map.

use std::fmt;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "nb")]
    Nb,
    #[serde(rename = "nn")]
    Nn,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::Nn => "nn",
        }
    }
}

/// The line under a Word template's title: who publishes it and where.
pub fn docx_source_line(lang: Lang, publisher: &str, url: &str) -> String {
    match lang {
        Lang::Nb => format!("Mal fra {publisher}, {url}. Tilpass den til kommunen deres."),
        Lang::Nn => format!("Mal frå {publisher}, {url}. Tilpass han til kommunen dykkar."),
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// (key, bokmål, nynorsk). Keys are what templates use: `{{ t.step }}`.
const STRINGS: &[(&str, &str, &str)] = &[
    (
        "skip_link",
        "Hopp til hovedinnhold",
        "Hopp til hovudinnhaldet",
    ),
    ("home", "Forside", "Framside"),
    ("guides", "Veiledere", "Rettleiarar"),
    ("step", "Steg", "Steg"),
    ("step_of", "av", "av"),
    ("lovkrav", "Inneholder lovkrav", "Inneheld lovkrav"),
    ("rad", "Råd/tips", "Råd/tips"),
    ("law_box", "Hva sier loven?", "Kva seier lova?"),
    ("duty", "Skal – plikt", "Skal – plikt"),
    ("advice", "Bør – råd", "Bør – råd"),
    ("previous", "Forrige steg", "Førre steg"),
    ("next", "Neste steg", "Neste steg"),
    ("last_updated", "Sist oppdatert", "Sist oppdatert"),
    ("checklist", "Sjekkliste", "Sjekkliste"),
    (
        "checklist_page",
        "Sjekkliste for hele veilederen",
        "Sjekkliste for heile rettleiaren",
    ),
    ("timeline", "Tidslinje", "Tidslinje"),
    ("help_in_county", "Hjelp i", "Hjelp i"),
    (
        "year_shown",
        "Datoene og sjekklisten på siden gjelder budsjettåret",
        "Datoane og sjekklista på sida gjeld budsjettåret",
    ),
    ("year_pick_label", "Velg budsjettår", "Vel budsjettår"),
    ("year_show", "Vis året", "Vis året"),
    ("budget_year", "Budsjettår", "Budsjettår"),
    ("years_heading", "Datoene år for år", "Datoane år for år"),
    ("help_counties", "Statsforvalteren og fylkeskommunen i hvert fylke", "Statsforvaltaren og fylkeskommunen i kvart fylke"),
    ("help_pick_label", "Velg fylket kommunen ligger i", "Vel fylket kommunen ligg i"),
    ("help_pick_none", "Ikke valgt", "Ikkje valt"),
    ("help_checked", "Sist kontrollert", "Sist kontrollert"),
    ("help_choose_before", "Velg fylket deres på siden", "Vel fylket dykkar på sida"),
    (
        "help_choose_after",
        ", så står statsforvalteren og fylkeskommunen deres her.",
        ", så står statsforvaltaren og fylkeskommunen dykkar her.",
    ),
    (
        "docx_download",
        "Last ned malen som Word-fil (.docx)",
        "Last ned malen som Word-fil (.docx)",
    ),
    (
        "docx_note",
        "Teksten under er innholdet i malen. Datoene er eksempeldatoer for valgperioden; bytt dem ut med kommunens egne.",
        "Teksten under er innhaldet i malen. Datoane er berre døme for valperioden; byt dei ut med dei datoane kommunen sjølv har sett.",
    ),
    ("status_report", "Statusrapport", "Statusrapport"),
    (
        "when_custom",
        "regnet ut fra datoene dere la inn på tidslinjen",
        "rekna ut frå datoane de la inn på tidslinja",
    ),
    ("print", "Skriv ut", "Skriv ut"),
    ("steps", "Stegene", "Stega"),
    ("contents", "Innhold", "Innhald"),
    ("table", "Tabell", "Tabell"),
    ("search", "Søk", "Søk"),
    ("all_guides", "Alle veiledere", "Alle rettleiarar"),
    ("search_label", "Søk på nettstedet", "Søk på nettstaden"),
    (
        "search_hint",
        "Skriv ett eller flere ord.",
        "Skriv eitt eller fleire ord.",
    ),
    ("search_searching", "Søker …", "Søkjer …"),
    ("search_hits", "{n} treff på «{q}».", "{n} treff på «{q}»."),
    (
        "search_none",
        "Ingen treff på «{q}». Prøv et annet ord, eller færre ord.",
        "Ingen treff på «{q}». Prøv eit anna ord, eller færre ord.",
    ),
    ("search_more", "Vis flere treff", "Vis fleire treff"),
    (
        "search_error",
        "Søket kunne ikke lastes. Prøv å laste siden på nytt.",
        "Søket kunne ikkje lastast. Prøv å laste sida på nytt.",
    ),
    (
        "search_no_js",
        "Søket trenger JavaScript. Alle veilederne og sidene finner du på forsiden.",
        "Søket treng JavaScript. Alle rettleiarane og sidene finn du på framsida.",
    ),
    ("search_results", "Søkeresultater", "Søkjeresultat"),
    ("whats_new", "Hva er nytt", "Kva er nytt"),
    (
        "whats_new_intro",
        "Endringer i stegene, de nyeste først.",
        "Endringar i stega, dei nyaste først.",
    ),
    (
        "feed",
        "Abonner på endringer (Atom)",
        "Abonner på endringar (Atom)",
    ),
    (
        "no_changes",
        "Ingen endringer er registrert ennå.",
        "Ingen endringar er registrerte enno.",
    ),
    ("help", "Hvor kan jeg få hjelp?", "Kvar kan eg få hjelp?"),
    ("breadcrumbs", "Brødsmulesti", "Brødsmulesti"),
    ("not_found_title", "Fant ikke siden", "Fann ikkje sida"),
    (
        "not_found_text",
        "Siden du leter etter finnes ikke. Kanskje er den flyttet, eller adressen er skrevet feil.",
        "Sida du leitar etter finst ikkje. Kanskje er ho flytta, eller adressa er skriven feil.",
    ),
    ("back_home", "Gå til forsiden", "Gå til framsida"),
    ("period", "Valgperioden", "Valperioden"),
    ("election", "Valgdag", "Valdag"),
    (
        "constituted",
        "Kommunestyret konstituert",
        "Kommunestyret konstituert",
    ),
    (
        "council_meeting",
        "Planlagt kommunestyremøte",
        "Planlagt kommunestyremøte",
    ),
    ("deadline", "Lovfestet frist", "Lovfesta frist"),
    ("milestones", "Milepæler", "Milepælar"),
    ("phases", "Faser", "Fasar"),
    ("unscheduled", "Uten fast tidspunkt", "Utan fast tidspunkt"),
    (
        "accessibility",
        "Tilgjengelighetserklæring",
        "Tilgjengelegheitserklæring",
    ),
    (
        "open_lovdata",
        "Les paragrafen på Lovdata",
        "Les paragrafen på Lovdata",
    ),
    ("main_nav", "Hovedmeny", "Hovudmeny"),
    ("guide_nav", "Stegene i veilederen", "Stega i rettleiaren"),
    ("changes", "Endringer", "Endringar"),
    ("in_guide", "I veilederen", "I rettleiaren"),
    ("duty_summary", "Dette krever loven", "Dette krev lova"),
    ("sources", "Kilder", "Kjelder"),
    ("steps_changed", "steg endret", "steg endra"),
    ("guide_dates", "Datoer i veilederen", "Datoar i rettleiaren"),
    ("from", "fra", "frå"),
    ("to", "til", "til"),
    (
        "rules_heading",
        "Lovens minstefrister mellom datoene",
        "Minstefristane i lova mellom datoane",
    ),
    (
        "rules_intro",
        "Datoene må holde disse reglene. Loven sier ikke nøyaktig hvordan dagene telles, så veilederen regner forsiktig. «Knapt» betyr at datoen holder med den vanlige lesemåten, men ikke med den forsiktige. «Brutt» betyr at den ikke holder i det hele tatt, og at en av datoene må flyttes.",
        "Datoane må halde desse reglane. Lova seier ikkje nøyaktig korleis dagane skal teljast, så rettleiaren reknar varsamt. «Knapt» tyder at datoen held med den vanlege lesemåten, men ikkje med den varsame. «Broten» tyder at han ikkje held i det heile, og at ein av datoane må flyttast.",
    ),
    (
        "rules_counting",
        "Slik regner veilederen fristene",
        "Slik reknar rettleiaren fristane",
    ),
    ("formkrav", "Formkrav", "Formkrav"),
    (
        "formkrav_before",
        "Formkrav før og etter vedtak",
        "Formkrav før og etter vedtak",
    ),
    (
        "formkrav_intro",
        "Loven stiller krav til formen: hva som skal kunngjøres, sendes ut, gjøres offentlig og vedtas, før og etter vedtaket. Kryss av hvert krav når det er oppfylt. Gå gjennom listen før kommunestyret behandler saken, og igjen når vedtaket er gjort.",
        "Lova stiller krav til forma: kva som skal kunngjerast, sendast ut, gjerast offentleg og vedtakast, før og etter vedtaket. Kryss av kvart krav når det er oppfylt. Gå gjennom lista før kommunestyret handsamar saka, og igjen når vedtaket er gjort.",
    ),
    ("formkrav_info", "til orientering", "til orientering"
    ),
    (
        "formkrav_step_intro",
        "Kryss av når kravet er oppfylt. Kravene står også samlet i sjekklisten for hele veilederen.",
        "Kryss av når kravet er oppfylt. Krava står òg samla i sjekklista for heile rettleiaren.",
    ),
    ("formkrav_done", "Oppfylt", "Oppfylt"),
    ("formkrav_open", "Ikke krysset av", "Ikkje kryssa av"),
    ("rule_ok", "Holder:", "Held:"),
    ("rule_broken", "Brutt:", "Broten:"),
    (
        "moved_to_workday",
        "flyttet til første virkedag fra",
        "flytt til første yrkedag frå",
    ),
];

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];

/// The `t` map for templates, built once per language.
pub fn ui_strings(lang: Lang) -> &'static serde_json::Value {
    static NB: OnceLock<serde_json::Value> = OnceLock::new();
    static NN: OnceLock<serde_json::Value> = OnceLock::new();
    let cell = match lang {
        Lang::Nb => &NB,
        Lang::Nn => &NN,
    };
    cell.get_or_init(|| {
        let map = STRINGS
            .iter()
            .map(|(k, nb, nn)| {
                let v = if lang == Lang::Nb { nb } else { nn };
                (k.to_string(), serde_json::Value::String(v.to_string()))
            })
            .collect();
        serde_json::Value::Object(map)
    })
}

/// One interface string; unknown keys come back as the key itself.
pub fn text(lang: Lang, key: &str) -> &'static str {
    STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, nb, nn)| if lang == Lang::Nb { *nb } else { *nn })
        .unwrap_or("")
}

/// "1. oktober 2024" — the same month names serve bokmål and nynorsk.
pub fn format_date(date: NaiveDate, _lang: Lang) -> String {
    format!(
        "{}. {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// "oktober 2024".
pub fn format_month(date: NaiveDate, _lang: Lang) -> String {
    format!("{} {}", MONTHS[date.month0() as usize], date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_norwegian() {
        let d = NaiveDate::from_ymd_opt(2024, 10, 1).unwrap();
        assert_eq!(format_date(d, Lang::Nb), "1. oktober 2024");
        let d = NaiveDate::from_ymd_opt(2023, 12, 24).unwrap();
        assert_eq!(format_date(d, Lang::Nn), "24. desember 2023");
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        for lang in [Lang::Nb, Lang::Nn] {
            let map = ui_strings(lang).as_object().unwrap();
            assert_eq!(map.len(), STRINGS.len(), "duplicate key in STRINGS");
            for (k, _, _) in STRINGS {
                assert!(!map[*k].as_str().unwrap().is_empty(), "{k} empty in {lang}");
            }
        }
    }

    #[test]
    fn nynorsk_differs_where_it_should() {
        assert_eq!(text(Lang::Nb, "lovkrav"), "Inneholder lovkrav");
        assert_eq!(text(Lang::Nn, "lovkrav"), "Inneheld lovkrav");
    }
}
