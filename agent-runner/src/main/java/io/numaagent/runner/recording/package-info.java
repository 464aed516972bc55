/**
 * The recording format: snapshots, decisions and outcomes as JSON, one object per line. The same
 * form serves {@code run --record} and {@code replay} ({@link io.numaagent.runner.recording.RecordingWriter},
 * {@link io.numaagent.runner.recording.RecordingReader}), {@code snapshot} (one line, or indented
 * with {@code --pretty}), and the operator's output of a run, where
 * {@link io.numaagent.runner.recording.LinePrinter} prints each dry-run decision and each applied
 * outcome.
 *
 * <p>The plugin-api records are bound by Jackson databind through their canonical constructors;
 * where the format departs from "every component, in declaration order" a mixin
 * ({@code Mixins}) or a value format ({@code ValueFormats}: kernel lists for CPU and node sets,
 * lower-case enums, strict numbers) says how. A component added to a record is written
 * automatically; the reader requires it unless {@code RecordingMapper.ABSENT_MEANS} says what its
 * absence in an older recording means.
 */
package io.numaagent.runner.recording;
