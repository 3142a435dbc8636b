//! Load a backlog folder: walk it, parse every story, and keep the files that could not be
//! read as problems, so that one bad file never hides the good ones.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::config::{Config, ConfigError};
use crate::product::Product;
use crate::release::Release;
use crate::sprint::SprintFile;
use crate::story::{self, Story};
use crate::types::RepoPath;

/// The backlog folder, relative to its base (usually the top of the work tree).
pub const DIR: &str = "backlog";
pub const CONFIG_FILE: &str = "backlog/config.yml";
pub const TEMPLATE_FILE: &str = "backlog/templates/story.md";
pub const STORIES_DIR: &str = "backlog/stories";
pub const RELEASES_DIR: &str = "backlog/releases";
pub const SPRINTS_DIR: &str = "backlog/sprints";

/// Larger files are refused unread: a story is a page, not a data dump.
pub const MAX_STORY_BYTES: u64 = 4 * 1024 * 1024;

/// A file that could not be read as a story, with the place and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: RepoPath,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path, self.line, self.col, self.message
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(
        "no backlog in {root}: run `git backlog init` first (expected {CONFIG_FILE} or {STORIES_DIR}/)"
    )]
    NoBacklog { root: String },
    #[error(transparent)]
    Config(#[from] ConfigError),
}

pub struct Backlog {
    /// The top of the work tree; story paths are relative to it.
    pub root: PathBuf,
    /// The folder that holds `backlog/`: the top of the work tree, or the nearest
    /// folder above the current one with a `backlog/config.yml` (for a monorepo).
    pub base: PathBuf,
    pub config: Config,
    /// Stories in file-path order.
    pub stories: Vec<Story>,
    pub problems: Vec<Problem>,
    /// `backlog/product.md`, when there is one that reads.
    pub product: Option<Product>,
    /// `backlog/releases/*.md` that read, in path order.
    pub releases: Vec<Release>,
    /// `backlog/sprints/*.md` that read, in path order (also merged into `config.sprints`).
    pub sprint_files: Vec<SprintFile>,
    /// Positions in `stories` by ID: a lookup is no scan, and IDs come out in one order.
    /// Keyed by the ID in lower case: IDs compare without regard to case everywhere, so
    /// `PAY-1` and `pay-1` are one ID (and a duplicate).
    by_id: std::collections::BTreeMap<String, Vec<usize>>,
}

impl Backlog {
    pub fn exists(base: &Path) -> bool {
        base.join(CONFIG_FILE).exists() || base.join(STORIES_DIR).is_dir()
    }

    /// The folder holding the backlog for a command run in `cwd`: the nearest folder from
    /// `cwd` up to the top of the work tree `root` that has a `backlog/config.yml`, else `root`.
    pub fn locate(root: &Path, cwd: &Path) -> PathBuf {
        let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
        let root_c = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        for dir in cwd.ancestors() {
            if !dir.starts_with(&root_c) {
                break;
            }
            if dir.join(CONFIG_FILE).is_file() {
                return root.join(dir.strip_prefix(&root_c).unwrap_or(Path::new("")));
            }
        }
        root.to_path_buf()
    }

    pub fn load_config(root: &Path, base: &Path) -> Result<Config, LoadError> {
        if !Backlog::exists(base) {
            return Err(LoadError::NoBacklog {
                root: base.display().to_string(),
            });
        }
        Ok(Config::load(
            &base.join(CONFIG_FILE),
            &shown(root, &base.join(CONFIG_FILE)),
        )?)
    }

    pub fn load(root: &Path, base: &Path) -> Result<Backlog, LoadError> {
        Backlog::load_cached(root, base, story_files(root, base), |_| None::<NoCache>)
    }

    /// [`Backlog::load`] of the story `files` (every one, as [`story_files`] lists them),
    /// taking the stories that `open` (given the config) says it knows from there instead
    /// of reading them, and telling it the others as they are parsed.
    pub fn load_cached<C: StoryCache>(
        root: &Path,
        base: &Path,
        files: Vec<(PathBuf, String)>,
        open: impl FnOnce(&Config) -> Option<C>,
    ) -> Result<Backlog, LoadError> {
        let config = Backlog::load_config(root, base)?;
        let cache = open(&config);
        let stories = parse_all(&files, |(path, shown)| {
            let Some(cache) = &cache else {
                return read_story(path, shown, &config);
            };
            if let Some(story) = cache.get(shown, path) {
                return Ok(Some(story));
            }
            let parsed = read_story(path, shown, &config);
            if let Ok(Some(story)) = &parsed {
                cache.parsed(story);
            }
            parsed
        });
        if let Some(cache) = cache {
            cache.finish();
        }
        let mut backlog = Backlog::new(root, base, config, stories);
        backlog.add_plans(plan_files(root, base));
        Ok(backlog)
    }

    /// The backlog of the story `files` alone (as [`story_files`] gives them), for a
    /// command about a few stories: the product, release and sprint files are not read.
    pub fn load_files(
        root: &Path,
        base: &Path,
        files: &[(PathBuf, String)],
    ) -> Result<Backlog, LoadError> {
        let config = Backlog::load_config(root, base)?;
        let stories = parse_all(files, |(path, shown)| read_story(path, shown, &config));
        Ok(Backlog::new(root, base, config, stories))
    }

    /// Read the product file, the release and the sprint files among `files` (paths relative to the
    /// work tree, with their bytes); those that do not read are problems.
    fn add_plans(&mut self, files: Vec<(String, Vec<u8>)>) {
        let base = shown(&self.root, &self.base);
        let under_base = |path: &str| match base.is_empty() {
            true => path.to_string(),
            false => path
                .strip_prefix(&format!("{base}/"))
                .unwrap_or(path)
                .to_string(),
        };
        for (path, bytes) in files {
            // The size limit of stories holds here too.
            if bytes.len() as u64 > MAX_STORY_BYTES {
                self.problems.push(Problem {
                    path: path.as_str().into(),
                    line: 1,
                    col: 1,
                    message: format!("the file is larger than {MAX_STORY_BYTES} bytes; not read"),
                });
                continue;
            }
            let text = match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    self.problems.push(Problem {
                        path: path.as_str().into(),
                        line: 1,
                        col: 1,
                        message: format!(
                            "not valid UTF-8 (at byte {})",
                            e.utf8_error().valid_up_to()
                        ),
                    });
                    continue;
                }
            };
            let rel = under_base(&path);
            if rel == crate::product::PRODUCT_FILE {
                match Product::parse(&path, &text) {
                    Ok(product) => self.product = Some(product),
                    Err(problem) => self.problems.push(problem),
                }
            } else if rel.starts_with(SPRINTS_DIR) {
                match SprintFile::parse(&path, &text) {
                    Ok(sprint) => self.add_sprint(sprint),
                    Err(problem) => self.problems.push(problem),
                }
            } else {
                match Release::parse(&path, &text) {
                    Ok(release) => self.releases.push(release),
                    Err(problem) => self.problems.push(problem),
                }
            }
        }
    }

    /// A sprint file adds to, and wins over, the same sprint in config.yml.
    fn add_sprint(&mut self, sprint: SprintFile) {
        let entry = self.config.sprints.entry(sprint.name.clone()).or_default();
        if sprint.capacity.is_some() {
            entry.capacity = sprint.capacity;
        }
        if let Some(start) = &sprint.start {
            entry.start = Some(start.to_string());
        }
        if let Some(end) = &sprint.end {
            entry.end = Some(end.to_string());
        }
        entry.file = Some(sprint.path.clone());
        self.sprint_files.push(sprint);
    }

    /// A backlog from file contents taken from git (the index, or a commit): `files` are
    /// (path relative to the work tree, bytes), already limited to story files, and
    /// `parsed` the stories of other such files, known without reading them.
    pub fn from_blobs(
        root: &Path,
        base: &Path,
        config: Config,
        files: Vec<(String, Vec<u8>)>,
        parsed: Vec<Story>,
        known: Option<&Backlog>,
    ) -> Backlog {
        // A file with the same path and text as one of `known`'s, read with the same
        // config, is that story again: cloned, not parsed.
        let reuse: std::collections::HashMap<&str, &Story> = known
            .filter(|k| k.config == config)
            .map(|k| k.stories.iter().map(|s| (s.path.as_str(), s)).collect())
            .unwrap_or_default();
        let base_rel = shown(root, base);
        let under_base = |p: &str| -> String {
            match base_rel.is_empty() {
                true => p.to_string(),
                false => p
                    .strip_prefix(&format!("{base_rel}/"))
                    .unwrap_or(p)
                    .to_string(),
            }
        };
        let (plans, files): (Vec<_>, Vec<_>) = files
            .into_iter()
            .partition(|(p, _)| is_plan_path(&under_base(p)));
        let mut stories = parse_all(&files, |(shown, bytes)| match reuse.get(shown.as_str()) {
            Some(same) if same.source == story::fingerprint(bytes) => Ok(Some((*same).clone())),
            _ => parse_story(bytes.clone(), shown, &config),
        });
        stories.0.extend(parsed);
        stories.0.sort_by(|a, b| a.path.cmp(&b.path));
        let mut backlog = Backlog::new(root, base, config, stories);
        backlog.add_plans(plans);
        backlog
    }

    fn new(root: &Path, base: &Path, config: Config, (stories, problems): Parsed) -> Backlog {
        let mut by_id: std::collections::BTreeMap<String, Vec<usize>> =
            std::collections::BTreeMap::new();
        for (i, s) in stories.iter().enumerate() {
            by_id.entry(s.id.to_ascii_lowercase()).or_default().push(i);
        }
        Backlog {
            root: root.to_path_buf(),
            base: base.to_path_buf(),
            config,
            stories,
            problems,
            product: None,
            releases: Vec::new(),
            sprint_files: Vec::new(),
            by_id,
        }
    }

    /// A backlog with no stories, at no place on disk (for tests and tools).
    pub fn empty(config: Config) -> Backlog {
        Backlog::new(Path::new(""), Path::new(""), config, Default::default())
    }

    /// This backlog with `story` as its file now reads (replacing the story or problem at
    /// its path, or added): to check an edit before it is committed.
    pub fn with_story(&self, story: Story) -> Backlog {
        let problems = self
            .problems
            .iter()
            .filter(|p| p.path != story.path)
            .cloned()
            .collect();
        let mut stories: Vec<Story> = self
            .stories
            .iter()
            .filter(|s| s.path != story.path)
            .cloned()
            .collect();
        stories.push(story);
        let parsed = (stories, problems);
        let mut backlog = Backlog::new(&self.root, &self.base, self.config.clone(), parsed);
        backlog.product = self.product.clone();
        backlog.releases = self.releases.clone();
        backlog.sprint_files = self.sprint_files.clone();
        backlog
    }

    /// A path under the base (`backlog/stories/A-1.md`) as shown and committed: relative
    /// to the top of the work tree, `/`-separated.
    pub fn shown(&self, under_base: &str) -> String {
        shown(&self.root, &self.base.join(under_base))
    }

    /// The unreadable file that holds the story `id`, going by its file name.
    pub fn problem_for(&self, id: &str) -> Option<&Problem> {
        let id = id.to_lowercase();
        let by_name = self.problems.iter().find(|p| {
            let name = p.path.rsplit('/').next().unwrap_or(&p.path).to_lowercase();
            name == format!("{id}.md") || name.starts_with(&format!("{id}-"))
        });
        // A file named otherwise (an import, `task 7 broken.md`) is found by the `id:`
        // line of its front matter, which reads even when the rest of the YAML does not.
        by_name.or_else(|| {
            self.problems.iter().find(|p| {
                self.problem_id(p)
                    .is_some_and(|found| found.to_lowercase() == id)
            })
        })
    }

    /// The ID a file that does not read gives itself in its front matter, if any.
    pub fn problem_id(&self, problem: &Problem) -> Option<String> {
        std::fs::read(self.root.join(&problem.path))
            .ok()
            .and_then(|bytes| front_matter_id(&bytes))
    }

    /// Every ID, sorted, with the stories that carry it (more than one: a duplicate).
    pub fn ids(&self) -> impl Iterator<Item = (&str, Vec<&Story>)> {
        self.by_id.values().map(|at| {
            let stories: Vec<&Story> = at.iter().map(|i| &self.stories[*i]).collect();
            (stories[0].id.as_str(), stories)
        })
    }

    /// The stories with this ID, in any case.
    pub fn find(&self, id: &str) -> Vec<&Story> {
        self.by_id
            .get(&id.to_ascii_lowercase())
            .into_iter()
            .flatten()
            .map(|i| &self.stories[*i])
            .collect()
    }

    /// IDs near a missing one: the same prefix with the closest numbers, or similar text.
    pub fn closest_ids(&self, id: &str, n: usize) -> Vec<String> {
        let mut scored: Vec<(u64, &str)> = self
            .stories
            .iter()
            .map(|s| {
                let score = match (story::id_parts(id), story::id_parts(&s.id)) {
                    (Some((pa, na)), Some((pb, nb))) if pa.eq_ignore_ascii_case(pb) => {
                        na.abs_diff(nb)
                    }
                    _ => 1_000_000 + crate::suggest::distance(id, &s.id) as u64,
                };
                (score, s.id.as_str())
            })
            .collect();
        scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| story::id_order(a.1, b.1)));
        scored.dedup_by(|a, b| a.1 == b.1);
        scored
            .into_iter()
            .take(n)
            .map(|(_, id)| id.to_string())
            .collect()
    }
}

/// The stories read from a set of files, in file order, and the files that did not read.
type Parsed = (Vec<Story>, Vec<Problem>);

/// Parse every item with `parse`, spread over the cores (parsing is independent per file),
/// keeping the order of `items`. Each thread puts its stories in its own slots of one
/// vector, which then becomes the stories in place: 10,000 stories (7 MB) are held once,
/// not once per thread and again joined.
fn parse_all<T: Sync>(
    items: &[T],
    parse: impl Fn(&T) -> Result<Option<Story>, Problem> + Sync,
) -> Parsed {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = items.len().div_ceil(threads).max(64);
    let parse = &parse;
    let mut slots: Vec<Option<Story>> = Vec::with_capacity(items.len());
    slots.resize_with(items.len(), || None);
    let problems: Vec<Vec<Problem>> = std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .zip(slots.chunks_mut(chunk))
            .map(|(part, out)| {
                scope.spawn(move || {
                    let mut problems = Vec::new();
                    for (item, slot) in part.iter().zip(out) {
                        match parse(item) {
                            Ok(story) => *slot = story,
                            Err(problem) => problems.push(problem),
                        }
                    }
                    problems
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    // `filter_map` on the vector's own `into_iter` collects into the same allocation
    // (`flatten` does not: measured, 7 MB more at 10,000 stories).
    #[allow(clippy::filter_map_identity)]
    let stories = slots.into_iter().filter_map(|story| story).collect();
    (stories, problems.into_iter().flatten().collect())
}

/// Stories parsed before, for [`Backlog::load_cached`] (`backlog-git`'s cache keeps them
/// by the blob id git's index gives an unchanged file). Called from several threads.
pub trait StoryCache: Sync {
    /// The story in the file `path` (shown as `shown`), when it is known unchanged since it
    /// was parsed with this config.
    fn get(&self, shown: &str, path: &Path) -> Option<Story>;
    /// A story just read and parsed from its file, which `get` did not have.
    fn parsed(&self, story: &Story);
    /// Every file has been through `get` or `parsed`: keep what is worth keeping.
    fn finish(self);
}

/// No cache: every file is read.
pub enum NoCache {}

impl StoryCache for NoCache {
    fn get(&self, _: &str, _: &Path) -> Option<Story> {
        match *self {}
    }
    fn parsed(&self, _: &Story) {
        match *self {}
    }
    fn finish(self) {
        match self {}
    }
}

/// Whether a path (relative to the base, `/`-separated) is a story file of the backlog:
/// a `*.md` under `backlog/`, not a template, not in a hidden folder.
pub fn is_story_path(under_base: &str) -> bool {
    let Some(rest) = under_base.strip_prefix("backlog/") else {
        return false;
    };
    under_base.ends_with(".md")
        && !rest.starts_with("templates/")
        && !rest.starts_with("releases/")
        && !rest.starts_with("sprints/")
        && rest != "product.md"
        && !rest.split('/').any(|part| part.starts_with('.'))
}

/// Whether a path (relative to the base) is the product file or a release file.
pub fn is_plan_path(under_base: &str) -> bool {
    let in_dir = |dir: &str| {
        under_base
            .strip_prefix(dir)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|rest| {
                rest.ends_with(".md") && !rest.contains('/') && !rest.starts_with('.')
            })
    };
    under_base == crate::product::PRODUCT_FILE || in_dir(RELEASES_DIR) || in_dir(SPRINTS_DIR)
}

/// The product file and the release files, with their bytes (paths relative to the work
/// tree), sorted by path. Files that cannot be read become problems when parsed.
fn plan_files(root: &Path, base: &Path) -> Vec<(String, Vec<u8>)> {
    let mut paths = vec![base.join(crate::product::PRODUCT_FILE)];
    for dir in [RELEASES_DIR, SPRINTS_DIR] {
        if let Ok(entries) = std::fs::read_dir(base.join(dir)) {
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "md"))
                .collect();
            files.sort();
            paths.extend(files);
        }
    }
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            Some((shown(root, &p), bytes))
        })
        .collect()
}

/// The `id:` of a story's front matter, found without parsing the YAML: enough to know a
/// file's ID (and which numbers are taken) even when the file does not parse.
pub fn front_matter_id(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(&bytes[..bytes.len().min(64 * 1024)]).ok()?;
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    for line in lines {
        let line = line.trim_end();
        if line == "---" || line == "..." {
            break;
        }
        if let Some(value) = line.strip_prefix("id:") {
            let value = value.split(" #").next().unwrap_or("").trim();
            return Some(value.trim_matches(['"', '\'']).to_string());
        }
    }
    None
}

/// Every `*.md` under the backlog folder but the templates, sorted by path, with the path
/// as shown to the user (relative to the work tree, `/`-separated). Symbolic links are
/// not followed: a story is a file of this repository.
pub fn story_files(root: &Path, base: &Path) -> Vec<(PathBuf, String)> {
    story_files_named(root, base, |_| true)
}

/// Whether a story file's name says it holds one of `ids` (`PAY-12-….md` or `PAY-12.md`,
/// in any case, as `new` names them). A story whose file is named otherwise is not found
/// so: a command looks it up in the whole backlog when it is missing.
pub fn named_after(ids: &[&str]) -> impl Fn(&str) -> bool {
    let prefixes: Vec<(String, String)> = ids
        .iter()
        .map(|id| {
            let id = id.trim().to_lowercase();
            (format!("{id}-"), format!("{id}.md"))
        })
        .collect();
    let starts = |name: &str, with: &str| {
        name.get(..with.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(with))
    };
    move |name: &str| {
        // Most names are ASCII and most differ early: no copy in lower case for them.
        if name.is_ascii() {
            return prefixes.iter().any(|(dash, whole)| {
                starts(name, dash) || (name.len() == whole.len() && starts(name, whole))
            });
        }
        let name = name.to_lowercase();
        prefixes
            .iter()
            .any(|(dash, whole)| name.starts_with(dash.as_str()) || name == *whole)
    }
}

/// The story files whose file name `keep` accepts (it is asked before anything else is
/// done with a file: listing 10,000 names costs little, making paths of them more).
pub fn story_files_named(
    root: &Path,
    base: &Path,
    keep: impl Fn(&str) -> bool,
) -> Vec<(PathBuf, String)> {
    story_files_walk(root, base, keep, |_| ())
}

/// [`story_files_named`], telling `on_folder` each folder it lists, before any of its
/// names is read: the names it holds are those the folder had when `on_folder` was told,
/// or the folder changed since (a folder's mtime and ctime move when a name in it is
/// added, removed or renamed).
pub fn story_files_walk(
    root: &Path,
    base: &Path,
    keep: impl Fn(&str) -> bool,
    mut on_folder: impl FnMut(&Path),
) -> Vec<(PathBuf, String)> {
    let dir = base.join(DIR);
    let templates = base.join(TEMPLATE_FILE);
    let templates = templates.parent().unwrap_or(&dir);
    // The product and the releases are no stories.
    let releases = base.join(RELEASES_DIR);
    let sprints = base.join(SPRINTS_DIR);
    let product = base.join(crate::product::PRODUCT_FILE);
    // The shown path of the folder the last file was in: each file's is that plus its
    // name (making it from the whole path took a tenth of a cached `list`).
    let mut folder: Option<(PathBuf, String)> = None;
    let mut files: Vec<(PathBuf, String)> = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().as_encoded_bytes().starts_with(b".");
            let not_stories = e.depth() == 1
                && (e.path() == templates
                    || e.path() == releases
                    || e.path() == sprints
                    || e.path() == product);
            !hidden && !not_stories
        })
        .filter_map(Result::ok)
        .filter(|e| {
            if e.file_type().is_dir() {
                on_folder(e.path());
                return false;
            }
            e.file_type().is_file()
                && e.file_name().as_encoded_bytes().ends_with(b".md")
                && keep(&e.file_name().to_string_lossy())
        })
        .map(|e| {
            let parent = e.path().parent().unwrap_or(root);
            let prefix = match &folder {
                Some((path, prefix)) if path.as_os_str() == parent.as_os_str() => prefix,
                _ => &folder.insert((parent.to_path_buf(), shown(root, parent))).1,
            };
            let name = e.file_name().to_string_lossy();
            let shown = match prefix.is_empty() {
                true => name.into_owned(),
                false => format!("{prefix}/{name}"),
            };
            (e.into_path(), shown)
        })
        .collect();
    files.sort_by(|a, b| a.1.cmp(&b.1));
    files
}

/// `path` relative to `root`, with `/` separators, as git shows it.
pub fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Read and parse one story file; `Ok(None)` when it has no front matter.
pub fn read_story(path: &Path, shown: &str, config: &Config) -> Result<Option<Story>, Problem> {
    use std::io::Read;
    let cannot = |e: std::io::Error| Problem {
        path: shown.into(),
        line: 1,
        col: 1,
        message: format!("cannot read: {e}"),
    };
    // The size from the open file (one stat, not a stat of the path and another in
    // `fs::read`), and no more than the limit read should the file grow meanwhile.
    let file = std::fs::File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    if len > MAX_STORY_BYTES {
        return Err(too_large(shown, len));
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.take(MAX_STORY_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    parse_story(bytes, shown, config)
}

fn too_large(shown: &str, len: u64) -> Problem {
    Problem {
        path: shown.into(),
        line: 1,
        col: 1,
        message: format!(
            "file is too large ({len} bytes; a story file is at most {MAX_STORY_BYTES} bytes)"
        ),
    }
}

/// Parse the bytes of one story file (from disk or from git); `Ok(None)` when it has no
/// front matter.
pub fn parse_story(bytes: Vec<u8>, shown: &str, config: &Config) -> Result<Option<Story>, Problem> {
    let problem = |line, col, message: String| Problem {
        path: shown.into(),
        line,
        col,
        message,
    };
    if bytes.len() as u64 > MAX_STORY_BYTES {
        return Err(too_large(shown, bytes.len() as u64));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.as_bytes();
            let good = e.utf8_error().valid_up_to();
            let (line, col) =
                crate::frontmatter::line_col(&String::from_utf8_lossy(&bytes[..good]), good);
            return Err(problem(
                line,
                col,
                "not valid UTF-8: story files must be UTF-8 text".into(),
            ));
        }
    };
    Story::parse(shown, &text, config).map_err(|e| problem(e.pos.line, e.pos.col, e.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_display() {
        let p = Problem {
            path: "backlog/stories/A-1.md".into(),
            line: 4,
            col: 9,
            message: "boom".into(),
        };
        assert_eq!(p.to_string(), "backlog/stories/A-1.md:4:9: boom");
    }
}
