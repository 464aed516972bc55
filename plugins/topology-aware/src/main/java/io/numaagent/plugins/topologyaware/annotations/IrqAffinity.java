package io.numaagent.plugins.topologyaware.annotations;

import io.numaagent.plugins.topologyaware.annotations.YamlNode.Entry;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Mapping;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Scalar;
import io.numaagent.plugins.topologyaware.annotations.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code irq-affinity}: {@code {claim: [..], mask: [..], mode: mask-first|claim-first}}; claimed
 * interrupts are steered to the container's exclusive CPUs, masked ones away from them.
 *
 * @param claim interrupts to claim: an IRQ number, or a glob (Go's path.Match) over the interrupt's description in
 *              {@code /proc/interrupts} (chip, hardware IRQ, device names: {@code *ttyS0*}, {@code *nvme*})
 * @param mask  interrupts to keep away
 * @param mode  which list applies first (default mask-first)
 */
public record IrqAffinity(List<String> claim, List<String> mask, Mode mode) {

    /** Order of applying the two lists. */
    public enum Mode { MASK_FIRST, CLAIM_FIRST }

    public IrqAffinity {
        claim = List.copyOf(claim);
        mask = List.copyOf(mask);
    }

    static IrqAffinity parse(YamlNode node) {
        if (!(node instanceof Mapping m)) {
            throw new ValueException("expected {claim: [...], mask: [...], mode: mask-first|claim-first}, not "
                    + node.kind(), node.position());
        }
        List<String> claim = List.of();
        List<String> mask = List.of();
        Mode mode = Mode.MASK_FIRST;
        for (Entry e : m.entries().values()) {
            switch (e.key()) {
                case "claim" -> claim = list(e.value());
                case "mask" -> mask = list(e.value());
                case "mode" -> {
                    String v = e.value() instanceof Scalar s ? s.text() : "";
                    mode = switch (v) {
                        case "", "mask-first" -> Mode.MASK_FIRST;
                        case "claim-first" -> Mode.CLAIM_FIRST;
                        default -> throw new ValueException("mode must be mask-first or claim-first",
                                e.value().position());
                    };
                }
                default -> throw new ValueException("unknown field '" + e.key() + "' (known: claim, mask, mode)",
                        e.keyPosition());
            }
        }
        return new IrqAffinity(claim, mask, mode);
    }

    private static List<String> list(YamlNode n) {
        if (n instanceof Scalar s && s.isNull()) {
            return List.of();
        }
        if (!(n instanceof Sequence seq)) {
            throw new ValueException("expected a list", n.position());
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            if (!(item instanceof Scalar s) || s.text().isEmpty()) {
                throw new ValueException("an interrupt must be a single non-empty value", item.position());
            }
            String bad = GoGlob.problem(s.text());
            if (bad != null) {
                throw new ValueException(bad, item.position());
            }
            out.add(s.text());
        }
        return out;
    }
}
