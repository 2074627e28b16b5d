package dev.incidentmonitor.serde;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Avro's datum writers with a shortcut for optional fields, the {@code ["null", T]} (or {@code [T, "null"]}) unions
 * most of our nullable fields are: the branch follows from whether the value is null. Avro's own resolution names the
 * value's schema and looks that name up in the union, for every optional field of every record (with logical types,
 * generated classes have no custom encoders and take this path). The bytes are the same; a value of the wrong type
 * for the non-null branch still fails, in that branch's writer instead of as an unresolved union.
 */
final class OptionalUnionWriters {

    private OptionalUnionWriters() {}

    /** A writer for {@code schema}: generated classes through {@code model}, generic records when it is null. */
    static DatumWriter<Object> of(final Schema schema, final SpecificData model) {
        return model == null ? new Generic(schema) : new Specific(schema, model);
    }

    /** The branch of an optional union {@code datum} goes to, or -1 when {@code union} is not an optional. */
    static int branch(final Schema union, final Object datum) {
        final List<Schema> types = union.getTypes();
        if (types.size() != 2) {
            return -1;
        }
        if (types.get(0).getType() == Schema.Type.NULL) {
            return datum == null ? 0 : 1;
        }
        if (types.get(1).getType() == Schema.Type.NULL) {
            return datum == null ? 1 : 0;
        }
        return -1;
    }

    private static final class Specific extends SpecificDatumWriter<Object> {

        Specific(final Schema schema, final SpecificData model) {
            super(schema, model);
        }

        @Override
        protected int resolveUnion(final Schema union, final Object datum) {
            final int branch = branch(union, datum);
            return branch >= 0 ? branch : super.resolveUnion(union, datum);
        }
    }

    private static final class Generic extends GenericDatumWriter<Object> {

        Generic(final Schema schema) {
            super(schema, GenericData.get());
        }

        @Override
        protected int resolveUnion(final Schema union, final Object datum) {
            final int branch = branch(union, datum);
            return branch >= 0 ? branch : super.resolveUnion(union, datum);
        }
    }
}
