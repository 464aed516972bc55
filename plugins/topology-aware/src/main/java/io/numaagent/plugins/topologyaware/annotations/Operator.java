package io.numaagent.plugins.topologyaware.annotations;

/** Operators of the affinity expression language, spelled as in the annotations (case-sensitive). */
public enum Operator {
    /** The key's value equals the one value ({@code *}: the key exists). */
    Equals,
    /** The key is absent or its value differs from the one value. */
    NotEqual,
    /** The key's value is one of the values ({@code *} in the values: the key exists). */
    In,
    /** Not {@link #In}. */
    NotIn,
    /** The key exists (no values). */
    Exists,
    /** The key does not exist (no values); the reference's docs spell it NotExists, which is refused. */
    NotExist,
    /** Always true (no values; the key may be omitted). */
    AlwaysTrue,
    /** The key's value matches the one glob pattern. */
    Matches,
    /** Not {@link #Matches}. */
    MatchesNot,
    /** The key's value matches one of the glob patterns. */
    MatchesAny,
    /** Not {@link #MatchesAny}. */
    MatchesNone
}
