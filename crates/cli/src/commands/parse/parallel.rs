//! Parsing on one worker per core: chunks of whole lines handed out in turn, results printed
//! in input order, so the output is the one-thread output byte for byte.

use super::*;

/// What a run reports if a parse worker stops before its chunk is done (only a bug does that).
pub(super) const WORKER_GONE: &str =
    "a parse worker stopped before finishing its part of the input";

/// A chunk of whole lines for a worker, the number of lines before it, and a buffer to reuse.
pub(super) struct Job {
    input: Vec<u8>,
    base: usize,
    output: Vec<u8>,
}

/// A worker's rendering of a chunk, and the chunk's buffer to reuse.
pub(super) struct Done {
    input: Vec<u8>,
    output: Vec<u8>,
    findings: bool,
    /// `false` when the chunk was not UTF-8 (the file changed after it was checked).
    text: bool,
}

/// Parse chunks of lines on `workers` threads, printing their output in input order; whether
/// any line failed. The output is the same as [`in_sequence`]'s, byte for byte.
pub(super) fn in_parallel(
    matcher: &Matcher,
    lines: &mut input::LineChunks,
    workers: usize,
    stdout: &mut impl Write,
) -> Result<bool, Box<dyn Error>> {
    std::thread::scope(|scope| {
        let mut queues = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (jobs, job_queue) = mpsc::channel();
            let (done_queue, done) = mpsc::channel();
            let worker = std::thread::Builder::new()
                .name("gwlog-parse".to_owned())
                .spawn_scoped(scope, move || work(matcher, job_queue, done_queue));
            if worker.is_err() {
                break;
            }
            queues.push((jobs, done));
        }
        if queues.is_empty() {
            return in_sequence(matcher, lines, stdout);
        }
        // Returning drops the queues, which stops the workers, even on an error.
        feed(&queues, lines, stdout)
    })
}

/// A worker: render each chunk it is given, until the queue closes or the results are unwanted.
pub(super) fn work(matcher: &Matcher, jobs: mpsc::Receiver<Job>, results: mpsc::Sender<Done>) {
    let mut layout = Layout::default();
    for mut job in jobs {
        job.output.clear();
        let (findings, text) = match std::str::from_utf8(&job.input) {
            Ok(text) => {
                let findings = render(matcher, text, job.base, &mut layout, &mut job.output);
                (findings, true)
            }
            Err(_) => (false, false),
        };
        let done = Done {
            input: job.input,
            output: job.output,
            findings,
            text,
        };
        if results.send(done).is_err() {
            break;
        }
    }
}

/// Hand chunks to the workers in turn and print their results in the same order.
pub(super) fn feed(
    queues: &[(mpsc::Sender<Job>, mpsc::Receiver<Done>)],
    lines: &mut input::LineChunks,
    stdout: &mut impl Write,
) -> Result<bool, Box<dyn Error>> {
    let workers = queues.len();
    let mut spare: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let (mut sent, mut printed, mut base, mut findings) = (0, 0, 0, false);
    loop {
        if sent - printed == workers * DEPTH {
            // The workers have their first chunks: check the input while they parse them.
            lines.check()?;
            let done = queues[printed % workers]
                .1
                .recv()
                .map_err(|_| WORKER_GONE)?;
            printed += 1;
            findings |= print(done, lines, stdout, &mut spare)?;
        }
        let (mut input, output) = spare.pop().unwrap_or_default();
        if !lines.next_into(&mut input)? {
            break;
        }
        let job = Job {
            base,
            output,
            input,
        };
        base += count_newlines(&job.input);
        queues[sent % workers]
            .0
            .send(job)
            .map_err(|_| WORKER_GONE)?;
        sent += 1;
    }
    lines.check()?;
    while printed < sent {
        let done = queues[printed % workers]
            .1
            .recv()
            .map_err(|_| WORKER_GONE)?;
        printed += 1;
        if printed < sent {
            findings |= print(done, lines, stdout, &mut spare)?;
        } else {
            // The last chunk: its end is written as the final flush was.
            if !done.text {
                return Err(lines.not_utf8().into());
            }
            let (body, end) = done
                .output
                .split_at(done.output.len().saturating_sub(WRITE_BYTES));
            write_part(stdout, body)?;
            stdout.write_all(end)?;
            findings |= done.findings;
        }
    }
    stdout.flush()?;
    Ok(findings)
}

/// Print a worker's output and keep its buffers for reuse; whether its lines had a failure.
pub(super) fn print(
    done: Done,
    lines: &input::LineChunks,
    stdout: &mut impl Write,
    spare: &mut Vec<(Vec<u8>, Vec<u8>)>,
) -> Result<bool, Box<dyn Error>> {
    if !done.text {
        return Err(lines.not_utf8().into());
    }
    write_part(stdout, &done.output)?;
    spare.push((done.input, done.output));
    Ok(done.findings)
}

/// How many `\n` bytes `bytes` holds, a word at a time.
pub(super) fn count_newlines(bytes: &[u8]) -> usize {
    const LOW_HALVES: u64 = 0x00FF_00FF_00FF_00FF;
    let words = bytes.len() / 8;
    let (mut count, mut index) = (0, 0);
    while index < words {
        // Each byte of `sums` counts the line breaks at its place in up to 255 words.
        let mut sums = 0;
        let end = (index + 255).min(words);
        while index < end {
            let at = index * 8;
            let word = word_of(&bytes[at..at + 8]);
            let x = word ^ (ONES * u64::from(b'\n'));
            // The high bit of each byte of `nonzero` is set when that byte of `x` is not zero.
            let nonzero = ((x & !HIGHS).wrapping_add(!HIGHS)) | x;
            sums += (!nonzero & HIGHS) >> 7;
            index += 1;
        }
        // Add the 8 byte counts: pairs into 16-bit lanes, then the lanes into the top one.
        let pairs = (sums & LOW_HALVES) + ((sums >> 8) & LOW_HALVES);
        count += (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize;
    }
    count + bytes[words * 8..].iter().filter(|&&b| b == b'\n').count()
}
