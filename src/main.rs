//! The `stegvis` command line: parses arguments with clap and hands off to
//! the library. Exit status: 0 success, 1 errors in the site, 2 usage
//! (including a port given with `serve --port` that is taken).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use stegvis::pipeline::{self, BuildOptions};
use stegvis::serve::{PortChoice, DEFAULT_PORT, PORT_TAKEN};
use stegvis::shared::diagnostics::{self, ColorWhen, Diagnostics};

// A build allocates many small, short-lived strings on several threads at
// once; mimalloc's thread-local free lists handle that far better than the
// system allocator (about a fifth of a build's time went to malloc/free).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "stegvis",
    version = env!("STEGVIS_LONG_VERSION"),
    about = "Lager nettsider for kommunale planveiledere (kommunal planstrategi) fra Markdown",
    long_about = None
)]
struct Cli {
    /// Rotmappen til nettstedet (der site.yaml og content/ ligger)
    #[arg(long, global = true, default_value = ".", value_name = "MAPPE")]
    root: PathBuf,

    /// Farger i utskriften: auto (bare i en terminal; NO_COLOR og
    /// CLICOLOR_FORCE gjelder), always eller never
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = ColorArg::Auto,
        value_name = "NÅR"
    )]
    color: ColorArg,

    /// Ingen farger i utskriften (det samme som --color never)
    #[arg(long, global = true)]
    no_color: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Bygg nettstedet til en mappe (byttes inn først når alt lyktes)
    Build {
        /// Utdatamappen
        #[arg(long, short, default_value = "public", value_name = "MAPPE")]
        output: PathBuf,
        /// Overstyr base_url fra site.yaml
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Ta med sidene merket `unlisted` (redaktørveiledningen), for eksempel for å lese dem uten forhåndsvisningen
        #[arg(long)]
        unlisted: bool,
        /// Ta med redigeringsskjemaet (Decap CMS) i admin/, mot Git-tjenesten i `cms:` i site.yaml
        #[arg(long)]
        cms: bool,
    },
    /// Sjekk hele nettstedet uten å skrive noe (exit 0: ingen feil, 1: feil)
    Check {
        /// Utdataformat
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Sjekk også eksterne lenker (trenger nett, tar tid)
        #[arg(long)]
        external: bool,
        /// Dagens dato for alderssjekken (ÅÅÅÅ-MM-DD; standard: i dag)
        #[arg(long, value_name = "DATO")]
        today: Option<chrono::NaiveDate>,
    },
    /// Lag et nytt nettsted med en veileder å bygge videre på
    Init {
        /// Mappen som skal lages (må være ny eller tom)
        dir: PathBuf,
    },
    /// Legg til innhold
    New {
        #[command(subcommand)]
        what: NewWhat,
    },
    /// For en fylkesutgave: hold følge med grunnlaget (`base:` i site.yaml)
    Base {
        #[command(subcommand)]
        what: BaseWhat,
    },
    /// Redigeringsskjemaet (Decap CMS) i forhåndsvisningen
    Cms {
        #[command(subcommand)]
        what: CmsWhat,
    },
    /// Forhåndsvis nettstedet med automatisk oppdatering når du lagrer
    Serve {
        /// Porten (standard: 1111, eller den neste ledige om den er opptatt;
        /// 0 velger en ledig port). En opptatt port gitt her er en feil.
        #[arg(long, short)]
        port: Option<u16>,
        /// Adressen serveren lytter på (0.0.0.0 gjør den synlig for andre)
        #[arg(long, default_value = "127.0.0.1", value_name = "ADRESSE")]
        bind: std::net::IpAddr,
        /// Åpne forhåndsvisningen i nettleseren
        #[arg(long)]
        open: bool,
        /// Skriv hva som ble bygget på nytt og hvor lang tid det tok
        #[arg(long, short)]
        verbose: bool,
        /// Svar også når nettleseren kaller serveren NAVN (kan gjentas);
        /// localhost og IP-adresser er alltid tillatt
        #[arg(long = "allow-host", value_name = "NAVN")]
        allow_host: Vec<String>,
    },
}

#[derive(Subcommand)]
enum CmsWhat {
    /// Skriv ut oppsettet (config.yml) for Decap CMS slik `stegvis serve`
    /// bruker det på /__stegvis/cms/
    Config,
}

#[derive(Subcommand)]
enum NewWhat {
    /// Et nytt steg sist i en veileder, med alle felt forklart
    Step {
        /// Veilederen (mappenavnet under content/)
        #[arg(long)]
        guide: String,
        /// Tittelen på steget
        title: String,
    },
}

#[derive(Subcommand)]
enum BaseWhat {
    /// Registrer grunnlagets versjon av filer dere erstatter; `stegvis check`
    /// varsler når grunnlaget endrer dem
    Accept {
        /// Filene (eller mappene), fra nettstedets mappe
        /// (content/planstrategi/04-samhandling.md)
        #[arg(required_unless_present = "unrecorded", value_name = "FIL")]
        files: Vec<PathBuf>,
        /// Registrer alle filer som erstatter grunnlagets og ikke er
        /// registrert ennå (aldri en fil grunnlaget har endret siden)
        #[arg(long)]
        unrecorded: bool,
    },
    /// Vis hele endringen i grunnlagets versjon av en fil dere erstatter
    Diff {
        #[arg(value_name = "FIL")]
        file: PathBuf,
    },
    /// List steg og sider grunnlaget har lagt til, endret og fjernet siden
    /// `stegvis base take`, med grunnlagets «Hva er nytt»
    Changes {
        /// Utdataformat (markdown: et utkast til deres egen «Hva er nytt»)
        #[arg(long, value_enum, default_value_t = ChangesFormat::Text)]
        format: ChangesFormat,
    },
    /// Registrer grunnlaget slik det er nå (etter at dere har gått gjennom
    /// `stegvis base changes`)
    Take,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ChangesFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// A build's progress on a terminal (stderr): nothing for the first
/// second, so a quick build prints only its summary line; then the pages
/// written out of all, and a spinner while the search index is built.
/// Cleared when the build ends, before the summary line. Not a terminal:
/// nothing at all.
struct TerminalProgress {
    bar: Option<indicatif::ProgressBar>,
    done: std::sync::mpsc::Sender<()>,
}

impl TerminalProgress {
    const DELAY: std::time::Duration = std::time::Duration::from_secs(1);

    fn start(terminal: bool) -> TerminalProgress {
        let (done, finished) = std::sync::mpsc::channel::<()>();
        let bar = terminal.then(|| {
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::hidden(),
            );
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} Leser innholdet … {elapsed}")
                    .expect("a valid template"),
            );
            let shown = bar.clone();
            // Shown once the build has taken a second.
            let _ = std::thread::Builder::new()
                .name("stegvis-fremdrift".into())
                .spawn(move || {
                    let slow = matches!(
                        finished.recv_timeout(Self::DELAY),
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout)
                    );
                    if slow && !shown.is_finished() {
                        shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                        shown.enable_steady_tick(std::time::Duration::from_millis(120));
                    }
                });
            bar
        });
        TerminalProgress { bar, done }
    }
}

impl pipeline::Progress for TerminalProgress {
    fn rendering(&self, total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} Skriver sider {pos}/{len} [{bar:30}] {elapsed}",
                )
                .expect("a valid template")
                .progress_chars("=> "),
            );
        }
    }

    fn page_done(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn indexing(&self, pages: usize) {
        if let Some(bar) = &self.bar {
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} Sidene er skrevet; lager søkeindeksen for {msg} sider … {elapsed}",
                )
                .expect("a valid template"),
            );
            bar.set_message(pages.to_string());
        }
    }

    fn finished(&self) {
        let _ = self.done.send(());
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// A reader that stops reading (`stegvis check --format json | head`)
/// ends stegvis quietly, as it does other command-line tools, instead of a
/// panic in `println!` on the closed pipe.
#[cfg(unix)]
fn quiet_on_closed_pipe() {
    // SAFETY: restores the default action of one signal before any thread
    // starts; nothing else in the process handles SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn quiet_on_closed_pipe() {}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    let when = match cli.color {
        _ if cli.no_color => ColorWhen::Never,
        ColorArg::Auto => ColorWhen::Auto,
        ColorArg::Always => ColorWhen::Always,
        ColorArg::Never => ColorWhen::Never,
    };
    // Everything coloured goes to stderr.
    let color = diagnostics::use_color(when, std::io::stderr().is_terminal());
    match cli.command {
        Command::Build {
            output,
            base_url,
            unlisted,
            cms,
        } => {
            let cms = if cms {
                match stegvis::cms::publish::admin_files(&cli.root) {
                    Ok(files) => Some(files),
                    Err(diags) => return fail(&diags, &cli.root, color),
                }
            } else {
                None
            };
            let opts = BuildOptions {
                root: cli.root.clone(),
                output: output.clone(),
                base_url,
                unlisted,
                cms,
            };
            let progress = TerminalProgress::start(std::io::stderr().is_terminal());
            match pipeline::build_with_progress(&opts, &progress) {
                Ok(report) => {
                    if !report.warnings.is_empty() {
                        diagnostics::emit(&report.warnings, &cli.root, color);
                    }
                    println!(
                        "stegvis: {} sider ({} filer) skrevet til {} på {}",
                        report.pages,
                        report.files,
                        output.display(),
                        seconds(report.elapsed)
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => fail(&diags, &cli.root, color),
            }
        }
        Command::Check {
            format,
            external,
            today: day,
        } => {
            let opts = stegvis::check::CheckOptions {
                root: cli.root.clone(),
                external,
                today: day.unwrap_or_else(today),
            };
            let findings = stegvis::check::check(&opts);
            match format {
                Format::Json => println!("{}", stegvis::check::to_json(&findings)),
                Format::Text => {
                    diagnostics::emit(&findings, &cli.root, color);
                    println!(
                        "stegvis check: {} feil, {} advarsler",
                        findings.errors().count(),
                        findings.warnings().count()
                    );
                }
            }
            if findings.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Init { dir } => match stegvis::scaffold::init(&dir, today()) {
            Ok(files) => {
                for f in &files {
                    println!("  laget {}", dir.join(f).display());
                }
                println!(
                    "stegvis: nytt nettsted i {d}. Neste steg: `cd {d}`, rediger site.yaml, og kjør `stegvis serve`.",
                    d = dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(d) => fail_with(d, &cli.root, color),
        },
        Command::New {
            what: NewWhat::Step { guide, title },
        } => match stegvis::scaffold::new_step(&cli.root, &guide, &title, today()) {
            Ok(path) => {
                println!("stegvis: laget {}", path.display());
                ExitCode::SUCCESS
            }
            Err(d) => fail_with(d, &cli.root, color),
        },
        Command::Base { what } => base_command(what, &cli.root, color),
        Command::Cms {
            what: CmsWhat::Config,
        } => match stegvis::cms::preview_config(&cli.root) {
            Ok(yaml) => {
                print!("{yaml}");
                ExitCode::SUCCESS
            }
            Err(d) => fail_with(d, &cli.root, color),
        },
        Command::Serve {
            port,
            bind,
            open,
            verbose,
            allow_host,
        } => {
            let port = match port {
                Some(p) => PortChoice::Exact(p),
                None => PortChoice::FirstFreeFrom(default_port()),
            };
            let opts = stegvis::serve::ServeOptions {
                root: cli.root.clone(),
                bind,
                port,
                open,
                verbose,
                color,
                allow_hosts: allow_host,
            };
            match stegvis::serve::serve(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(d) => {
                    let usage = d.code == PORT_TAKEN;
                    diagnostics::emit(&vec![d].into(), &cli.root, color);
                    ExitCode::from(if usage { 2 } else { 1 })
                }
            }
        }
    }
}

/// `stegvis base …`: keeping a county edition up with its base.
fn base_command(what: BaseWhat, root: &std::path::Path, color: bool) -> ExitCode {
    use stegvis::edition;
    let cwd = std::env::current_dir().unwrap_or_else(|_| root.to_path_buf());
    let result = match what {
        BaseWhat::Accept { files, unrecorded } => edition::accept(root, &cwd, &files, unrecorded).map(|done| {
            for line in done {
                println!("stegvis: {line}");
            }
        }),
        BaseWhat::Diff { file } => edition::diff(root, &cwd, &file).map(|d| println!("{d}")),
        BaseWhat::Changes { format } => edition::changes(root).map(|c| match format {
            ChangesFormat::Text => print!("{}", c.to_text()),
            ChangesFormat::Markdown => print!("{}", c.to_markdown()),
            ChangesFormat::Json => println!(
                "{}",
                serde_json::to_string_pretty(&c).unwrap_or_else(|_| "{}".into())
            ),
        }),
        BaseWhat::Take => edition::take(root, today()).map(|n| {
            println!(
                "stegvis: grunnlaget er registrert slik det er nå ({n} sider og steg); `stegvis base changes` viser hva som er nytt fra neste gang"
            )
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(d) => {
            diagnostics::emit(&d, root, color);
            ExitCode::from(1)
        }
    }
}

/// The first port `serve` tries without `--port`: 1111, or
/// `STEGVIS_DEFAULT_PORT` (lets tests and several editors on one machine
/// start elsewhere; a value that is not a port is ignored).
fn default_port() -> u16 {
    std::env::var("STEGVIS_DEFAULT_PORT")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|&p| p != 0)
        .unwrap_or(DEFAULT_PORT)
}

fn fail(diags: &Diagnostics, root: &std::path::Path, color: bool) -> ExitCode {
    diagnostics::emit(diags, root, color);
    let errors = diags.errors().count();
    eprintln!(
        "stegvis: bygget stoppet med {errors} feil; ingenting ble skrevet, forrige versjon er urørt"
    );
    ExitCode::from(1)
}

fn fail_with(
    d: stegvis::shared::diagnostics::Diagnostic,
    root: &std::path::Path,
    color: bool,
) -> ExitCode {
    diagnostics::emit(&vec![d].into(), root, color);
    ExitCode::from(1)
}

/// "0,42 s" with a Norwegian decimal comma.
fn seconds(d: std::time::Duration) -> String {
    format!("{:.2} s", d.as_secs_f64()).replace('.', ",")
}
