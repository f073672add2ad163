/* Interface text: every word the browser code writes into a page, in
 * bokmål and nynorsk; the language is taken from <html lang>. Pure data
 * (lang() reads the document only when called). */

export var TEXT = {
  nb: {
    notStarted: 'Ikke startet',
    inProgress: 'Pågår',
    done: 'Fullført',
    of: 'av',
    checklist: 'Sjekkliste',
    step: 'Steg',
    summary: function (d, t) {
      return 'Du har krysset av ' + d + ' av ' + t + ' punkter.';
    },
    confirmReset: 'Vil du fjerne alle avkryssingene i sjekklisten for denne veilederen?',
    resetDone: 'Sjekklisten er nullstilt.',
    recomputed: 'Datoene er regnet om. Lovfestet frist: ',
    recomputedYear: 'Datoene er regnet om for budsjettåret ',
    helpIn: 'Hjelp i',
    helpChange: 'Bytt fylke',
    helpChosen: function (name) {
      return name + ' er valgt. Statsforvalteren og fylkeskommunen står nå nederst på hver side.';
    },
    helpCleared: 'Fylket er ikke lenger valgt.',
    helpNotStored: 'Fylket kunne ikke lagres i denne nettleseren.',
    yearChanged: function (y) {
      return 'Budsjettåret er byttet til ' + y + '. Siden lastes på nytt.';
    },
    yearNotStored: 'Budsjettåret kunne ikke lagres i denne nettleseren.',
    csvYear: 'Budsjettår',
    county: 'Fylke',
    otherYear: function (y) {
      return 'Planen gjelder budsjettåret ' + y + ', som ikke er et av årene i denne veilederen. Ingenting er endret.';
    },
    restored: 'Datoene fra veilederen vises igjen.',
    note: 'Datoene på siden er regnet ut fra datoene dere har skrevet inn.',
    beforeConstituted: 'Obs: kommunestyremøtet ligger før konstitueringen.',
    formkravDone: 'Oppfylt',
    formkravOpen: 'Ikke krysset av',
    ruleOk: 'Holder:',
    ruleBroken: 'Brutt:',
    ruleTight: 'Knapt:',
    ruleTightDetail: function (title, date, plain, careful) {
      return title + ' er ' + date + '. Det holder med den vanlige lesemåten av loven (' + plain +
        '), men ikke med veilederens forsiktige regnemåte (' + careful + '). Flytt datoen hvis dere kan.';
    },
    rulesTight: function (n) {
      return (n === 1 ? 'Én regel' : n + ' regler') + ' holder bare knapt.';
    },
    latest: 'senest',
    earliest: 'tidligst',
    ruleBrokenDetail: function (title, date, demand, otherTitle, other) {
      return title + ' er ' + date + ', men må være ' + demand + ' når ' + otherTitle.toLowerCase() + ' er ' + other + '.';
    },
    rulesBroken: function (n) {
      return 'Obs: ' + (n === 1 ? 'én regel' : n + ' regler') + ' i loven holder ikke med disse datoene. Se «Lovens minstefrister mellom datoene».';
    },
    movedFrom: function (why, date) {
      return why + ' ' + date;
    },
    dayName: function (name) {
      return name;
    },
    calendarFile: 'tidslinje',
    planFile: 'prosjektplan',
    statusNotStarted: 'Ikke startet',
    statusInProgress: 'Pågår',
    statusDone: 'Ferdig',
    noChecklist: 'Ingen sjekkliste',
    openItems: 'Åpne punkter',
    itemsDone: function (d, t) {
      return d + ' av ' + t + ' punkter ferdig';
    },
    kindLovkrav: 'Lovkrav',
    kindRad: 'Råd',
    csvHeader: ['Steg', 'Tittel', 'Type', 'Start', 'Slutt', 'Status', 'Åpne punkter'],
    municipality: 'Kommune',
    constituted: 'Kommunestyret konstituert',
    councilMeeting: 'Kommunestyremøte',
    notGiven: 'ikke oppgitt',
    ticked: function (d, t) {
      return d + ' av ' + t + ' punkter i sjekklisten er krysset av';
    },
    incomingLink: 'Lenken inneholder en prosjektplan',
    incomingFile: 'Filen inneholder en prosjektplan',
    ownNow: 'Lagret i denne nettleseren nå: ',
    ownNothing: 'Ingenting er lagret i denne nettleseren ennå.',
    choiceHelp: 'Erstatt: det som er lagret her, byttes ut med innholdet. Slå sammen: alle avkryssinger fra begge beholdes, og datoer og kommunenavn som allerede er fylt ut her, beholdes. Avbryt: ingenting endres.',
    replaced: 'Prosjektplanen er erstattet med innholdet og lagret i denne nettleseren.',
    merged: 'Prosjektplanene er slått sammen og lagret i denne nettleseren.',
    cancelled: 'Ingenting er endret.',
    brokenLinkTitle: 'Lenken kan ikke leses',
    brokenLink: 'Lenken er ufullstendig eller endret, så den kan ikke brukes. Ingenting er endret. Be om å få lenken på nytt, og pass på at hele lenken kommer med.',
    newerLink: 'Lenken er laget av en nyere versjon av veilederen. Last siden på nytt og prøv igjen. Ingenting er endret.',
    brokenFileTitle: 'Filen kan ikke leses',
    brokenFile: 'Filen er ikke en prosjektplan fra denne veilederen, eller den er skadet. Ingenting er endret.',
    otherGuide: function (title) {
      return 'Filen gjelder en annen veileder' + (title ? ' («' + title + '»)' : '') +
        '. Åpne statusrapporten for den veilederen og hent filen der. Ingenting er endret.';
    },
    close: 'Lukk',
    shareReady: function (n) {
      return 'Lenken er laget (' + n + ' tegn). Kopier den og send den til arbeidsgruppa.';
    },
    copied: 'Lenken er kopiert.',
    copyFailed: 'Lenken kunne ikke kopieres automatisk. Den er merket: kopier den med Ctrl+C (Cmd+C på Mac).',
    exported: 'Filen er lastet ned.',
    confirmDelete: 'Vil du slette det som er lagret i denne nettleseren for denne veilederen: avkryssinger, datoer og kommunens navn? Datoene for valgperioden gjelder alle veilederne på nettstedet og slettes også.',
    deleted: 'Det som var lagret for denne veilederen, er slettet.',
    confirmDeleteAll: 'Vil du slette alt dette nettstedet har lagret i denne nettleseren?',
    deletedAll: 'Alt dette nettstedet hadde lagret i denne nettleseren, er slettet.',
    storedCount: function (n) {
      return n ? 'Dette nettstedet har lagret ' + n + (n === 1 ? ' oppføring' : ' oppføringer') + ' i denne nettleseren.'
        : 'Dette nettstedet har ikke lagret noe i denne nettleseren.';
    },
    noStorage: 'Nettleseren tillater ikke lagring, så ingenting blir lagret her.'
  },
  nn: {
    notStarted: 'Ikkje starta',
    inProgress: 'Pågår',
    done: 'Fullført',
    of: 'av',
    checklist: 'Sjekkliste',
    step: 'Steg',
    summary: function (d, t) {
      return 'Du har kryssa av ' + d + ' av ' + t + ' punkt.';
    },
    confirmReset: 'Vil du fjerne alle avkryssingane i sjekklista for denne rettleiaren?',
    resetDone: 'Sjekklista er nullstilt.',
    recomputed: 'Datoane er rekna om. Lovfesta frist: ',
    recomputedYear: 'Datoane er rekna om for budsjettåret ',
    helpIn: 'Hjelp i',
    helpChange: 'Byt fylke',
    helpChosen: function (name) {
      return name + ' er valt. Statsforvaltaren og fylkeskommunen står no nedst på kvar side.';
    },
    helpCleared: 'Fylket er ikkje lenger valt.',
    helpNotStored: 'Fylket kunne ikkje lagrast i denne nettlesaren.',
    yearChanged: function (y) {
      return 'Budsjettåret er bytt til ' + y + '. Sida blir lasta på nytt.';
    },
    yearNotStored: 'Budsjettåret kunne ikkje lagrast i denne nettlesaren.',
    csvYear: 'Budsjettår',
    county: 'Fylke',
    otherYear: function (y) {
      return 'Planen gjeld budsjettåret ' + y + ', som ikkje er eitt av åra i denne rettleiaren. Ingenting er endra.';
    },
    restored: 'Datoane frå rettleiaren blir viste igjen.',
    note: 'Datoane på sida er rekna ut frå datoane de har skrive inn.',
    beforeConstituted: 'Merk: kommunestyremøtet ligg før konstitueringa.',
    formkravDone: 'Oppfylt',
    formkravOpen: 'Ikkje kryssa av',
    ruleOk: 'Held:',
    ruleBroken: 'Broten:',
    ruleTight: 'Knapt:',
    ruleTightDetail: function (title, date, plain, careful) {
      return title + ' er ' + date + '. Det held med den vanlege lesemåten av lova (' + plain +
        '), men ikkje med den varsame reknemåten i rettleiaren (' + careful + '). Flytt datoen om de kan.';
    },
    rulesTight: function (n) {
      return (n === 1 ? 'Éin regel' : n + ' reglar') + ' held berre knapt.';
    },
    latest: 'seinast',
    earliest: 'tidlegast',
    ruleBrokenDetail: function (title, date, demand, otherTitle, other) {
      return title + ' er ' + date + ', men må vere ' + demand + ' når ' + otherTitle.toLowerCase() + ' er ' + other + '.';
    },
    rulesBroken: function (n) {
      return 'Merk: ' + (n === 1 ? 'éin regel' : n + ' reglar') + ' i lova held ikkje med desse datoane. Sjå «Minstefristane i lova mellom datoane».';
    },
    movedFrom: function (why, date) {
      return why + ' ' + date;
    },
    dayName: function (name) {
      return { 'lørdag': 'laurdag', 'søndag': 'sundag' }[name] || name;
    },
    calendarFile: 'tidslinje',
    planFile: 'prosjektplan',
    statusNotStarted: 'Ikkje starta',
    statusInProgress: 'Pågår',
    statusDone: 'Ferdig',
    noChecklist: 'Inga sjekkliste',
    openItems: 'Opne punkt',
    itemsDone: function (d, t) {
      return d + ' av ' + t + ' punkt ferdige';
    },
    kindLovkrav: 'Lovkrav',
    kindRad: 'Råd',
    csvHeader: ['Steg', 'Tittel', 'Type', 'Start', 'Slutt', 'Status', 'Opne punkt'],
    municipality: 'Kommune',
    constituted: 'Kommunestyret konstituert',
    councilMeeting: 'Kommunestyremøte',
    notGiven: 'ikkje oppgitt',
    ticked: function (d, t) {
      return d + ' av ' + t + ' punkt i sjekklista er kryssa av';
    },
    incomingLink: 'Lenka inneheld ein prosjektplan',
    incomingFile: 'Fila inneheld ein prosjektplan',
    ownNow: 'Lagra i denne nettlesaren no: ',
    ownNothing: 'Ingenting er lagra i denne nettlesaren enno.',
    choiceHelp: 'Erstatt: det som er lagra her, blir bytt ut med innhaldet. Slå saman: alle avkryssingar frå begge blir behaldne, og datoar og kommunenamn som alt er fylte ut her, blir behaldne. Avbryt: ingenting blir endra.',
    replaced: 'Prosjektplanen er erstatta med innhaldet og lagra i denne nettlesaren.',
    merged: 'Prosjektplanane er slått saman og lagra i denne nettlesaren.',
    cancelled: 'Ingenting er endra.',
    brokenLinkTitle: 'Lenka kan ikkje lesast',
    brokenLink: 'Lenka er ufullstendig eller endra, så ho kan ikkje brukast. Ingenting er endra. Be om å få lenka på nytt, og pass på at heile lenka kjem med.',
    newerLink: 'Lenka er laga av ein nyare versjon av rettleiaren. Last sida på nytt og prøv igjen. Ingenting er endra.',
    brokenFileTitle: 'Fila kan ikkje lesast',
    brokenFile: 'Fila er ikkje ein prosjektplan frå denne rettleiaren, eller ho er skadd. Ingenting er endra.',
    otherGuide: function (title) {
      return 'Fila gjeld ein annan rettleiar' + (title ? ' («' + title + '»)' : '') +
        '. Opne statusrapporten for den rettleiaren og hent fila der. Ingenting er endra.';
    },
    close: 'Lukk',
    shareReady: function (n) {
      return 'Lenka er laga (' + n + ' teikn). Kopier ho og send ho til arbeidsgruppa.';
    },
    copied: 'Lenka er kopiert.',
    copyFailed: 'Lenka kunne ikkje kopierast automatisk. Ho er merkt: kopier ho med Ctrl+C (Cmd+C på Mac).',
    exported: 'Fila er lasta ned.',
    confirmDelete: 'Vil du slette det som er lagra i denne nettlesaren for denne rettleiaren: avkryssingar, datoar og namnet på kommunen? Datoane for valperioden gjeld alle rettleiarane på nettstaden og blir også sletta.',
    deleted: 'Det som var lagra for denne rettleiaren, er sletta.',
    confirmDeleteAll: 'Vil du slette alt denne nettstaden har lagra i denne nettlesaren?',
    deletedAll: 'Alt denne nettstaden hadde lagra i denne nettlesaren, er sletta.',
    storedCount: function (n) {
      return n ? 'Denne nettstaden har lagra ' + n + (n === 1 ? ' oppføring' : ' oppføringar') + ' i denne nettlesaren.'
        : 'Denne nettstaden har ikkje lagra noko i denne nettlesaren.';
    },
    noStorage: 'Nettlesaren tillèt ikkje lagring, så ingenting blir lagra her.'
  }
};

export function lang() {
  var l = (document.documentElement.getAttribute('lang') || 'nb').toLowerCase();
  return l.indexOf('nn') === 0 ? 'nn' : 'nb';
}

export function text() {
  return TEXT[lang()];
}
