//! The git side of `audit --history`: one `git log --raw` over the paths asked
//! for (each path's timeline of commits and blobs), one `git cat-file --batch`
//! for the blobs, and running git itself.

use super::*;

/// Per path, the commits that changed it (newest first) and its blob after
/// each (`None`: deleted).
pub(super) type Timelines = HashMap<String, Vec<(usize, Option<String>)>>;

pub(super) fn log(
    top: &Path,
    since: Option<&str>,
    paths: &[String],
) -> Result<(Vec<CommitInfo>, Timelines)> {
    let mut commits = Vec::new();
    let mut timelines: Timelines = HashMap::new();
    if paths.is_empty() {
        return Ok((commits, timelines));
    }
    // Only the commits after REV, then REV's own tree as the oldest state.
    let range = since.map(|r| format!("{r}..HEAD"));
    let mut args: Vec<String> = [
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        "-z",
        "--format=%x01%H %ct",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(range.clone());
    args.push("--".into());
    args.extend(paths.iter().cloned());
    let out = match git(top, &args, None) {
        Ok(o) => o,
        // A repository without commits has no history to read.
        Err(_)
            if since.is_none() && git(top, &["rev-parse", "--verify", "HEAD"], None).is_err() =>
        {
            return Ok((commits, timelines));
        }
        Err(e) => {
            return Err(Error::usage(
                format!("git log failed: {e}"),
                Some("check --since names a commit of this repository".into()),
            ));
        }
    };
    parse_log(&out, &mut commits, &mut timelines);
    if let Some(rev) = since {
        let info = git(top, &["log", "-1", "--format=%H %ct", rev, "--"], None)
            .map_err(|e| Error::usage(format!("--since {rev}: {e}"), None))?;
        let info = String::from_utf8_lossy(&info);
        let mut parts = info.split_whitespace();
        let hash = parts.next().unwrap_or_default().to_string();
        let time = parts.next().and_then(|t| t.parse().ok()).unwrap_or(0);
        let idx = commits.len();
        commits.push(CommitInfo { hash, time });
        let mut args: Vec<String> = vec![
            "ls-tree".into(),
            "-z".into(),
            "--full-tree".into(),
            rev.into(),
            "--".into(),
        ];
        args.extend(paths.iter().cloned());
        let tree =
            git(top, &args, None).map_err(|e| Error::usage(format!("--since {rev}: {e}"), None))?;
        for entry in tree.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            let blob = meta.split_whitespace().nth(2).map(str::to_string);
            timelines
                .entry(path.to_string())
                .or_default()
                .push((idx, blob));
        }
    }
    Ok((commits, timelines))
}

pub(super) fn parse_log(out: &[u8], commits: &mut Vec<CommitInfo>, timelines: &mut Timelines) {
    let mut fields = out.split(|b| *b == 0).peekable();
    while let Some(field) = fields.next() {
        let field = field.strip_prefix(b"\n").unwrap_or(field);
        if let Some(head) = field.strip_prefix(b"\x01") {
            // `%H %ct`, then possibly "\n\n:raw" glued on by -z.
            let text = String::from_utf8_lossy(head);
            let (head, rest) = text.split_once('\n').unwrap_or((&text, ""));
            let mut parts = head.split_whitespace();
            let hash = parts.next().unwrap_or_default().to_string();
            let time = parts.next().and_then(|t| t.parse().ok()).unwrap_or(0);
            commits.push(CommitInfo { hash, time });
            let rest = rest.trim_start_matches('\n');
            if rest.starts_with(':') {
                raw_entry(rest, fields.next(), commits.len() - 1, timelines);
            }
            continue;
        }
        if field.starts_with(b":") {
            let meta = String::from_utf8_lossy(field).to_string();
            raw_entry(
                &meta,
                fields.next(),
                commits.len().saturating_sub(1),
                timelines,
            );
        }
    }
}

pub(super) fn raw_entry(meta: &str, path: Option<&[u8]>, commit: usize, timelines: &mut Timelines) {
    let Some(path) = path else { return };
    let path = String::from_utf8_lossy(path).to_string();
    // `:old_mode new_mode old_sha new_sha status`
    let new = meta.split_whitespace().nth(3).unwrap_or_default();
    let blob = (!new.is_empty() && new.bytes().any(|b| b != b'0')).then(|| new.to_string());
    timelines.entry(path).or_default().push((commit, blob));
}

/// Reads every blob once through one `git cat-file --batch`.
pub(super) fn cat_blobs(top: &Path, blobs: &BTreeSet<String>) -> Result<Vec<(String, Vec<u8>)>> {
    if blobs.is_empty() {
        return Ok(Vec::new());
    }
    let input: String = blobs.iter().map(|b| format!("{b}\n")).collect();
    let out = git(top, &["cat-file", "--batch"], Some(input.into_bytes()))
        .map_err(|e| Error::usage(format!("git cat-file failed: {e}"), None))?;
    let mut res = Vec::new();
    let mut rest = &out[..];
    while !rest.is_empty() {
        let Some(nl) = rest.iter().position(|b| *b == b'\n') else {
            break;
        };
        let header = String::from_utf8_lossy(&rest[..nl]).to_string();
        rest = &rest[nl + 1..];
        let parts: Vec<&str> = header.split_whitespace().collect();
        if parts.len() != 3 {
            continue; // `<sha> missing`
        }
        let Ok(size) = parts[2].parse::<usize>() else {
            break;
        };
        if rest.len() < size {
            break;
        }
        res.push((parts[0].to_string(), rest[..size].to_vec()));
        rest = rest.get(size + 1..).unwrap_or(&[]);
    }
    Ok(res)
}

/// Runs a read-only git command; its standard output, or its error text.
pub(super) fn git<S: AsRef<std::ffi::OsStr>>(
    dir: &Path,
    args: &[S],
    stdin: Option<Vec<u8>>,
) -> std::result::Result<Vec<u8>, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "--no-pager",
            "-c",
            "core.fsmonitor=",
            "-c",
            "log.showSignature=false",
            "-c",
            "core.quotePath=false",
        ])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let writer = stdin.and_then(|data| {
        child.stdin.take().map(|mut s| {
            std::thread::spawn(move || {
                let _ = s.write_all(&data);
            })
        })
    });
    let mut out = Vec::new();
    if let Some(mut s) = child.stdout.take() {
        let _ = s.read_to_end(&mut out);
    }
    let mut err = Vec::new();
    if let Some(mut s) = child.stderr.take() {
        let _ = s.read_to_end(&mut err);
    }
    if let Some(w) = writer {
        let _ = w.join();
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(out)
    } else {
        Err(String::from_utf8_lossy(&err).trim().to_string())
    }
}
