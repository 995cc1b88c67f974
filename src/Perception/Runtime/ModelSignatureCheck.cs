using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Perception.Spec;
using SimCore.Diagnostics;

namespace Perception.Runtime;

/// <summary>
/// Compares a loaded model's inputs and outputs with its spec: names, element types, ranks and
/// fixed dimensions (a symbolic model dimension accepts the size the pre-processing fixes). Every
/// mismatch is an error at the spec's entry that says what the model has and what the spec wants.
/// </summary>
internal static class ModelSignatureCheck
{
    public static void Check(ModelSpec spec, IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, NodeMetadata> outputs)
    {
        var errors = new List<InputError>();
        string model = Path.GetFileName(spec.ModelPath);
        string has = $"the model has inputs {Describe(inputs)} and outputs {Describe(outputs)}";
        Compare(spec, spec.Inputs, inputs, "input", model, has, errors);
        Compare(spec, spec.Outputs, outputs, "output", model, has, errors);
        foreach (string name in inputs.Keys.Where(n => spec.Inputs.All(t => t.Name != n)))
        {
            // Every model input must be fed; one the spec does not know would have no data.
            errors.Add(new InputError(spec.InputWhere, $"model {model} has input '{name}' {Describe(inputs[name])}, which the spec does not feed; {has}"));
        }
        if (errors.Count > 0)
        {
            throw new InputException(errors);
        }
    }

    private static void Compare(ModelSpec spec, IReadOnlyList<TensorSpec> wanted, IReadOnlyDictionary<string, NodeMetadata> actual, string kind, string model, string has, List<InputError> errors)
    {
        foreach (TensorSpec t in wanted)
        {
            long[] concrete = spec.ConcreteShape(t.Name);
            string wants = $"the spec wants {t.ElementType} {t.ShapeText} = [{string.Join(", ", concrete)}]";
            if (!actual.TryGetValue(t.Name, out NodeMetadata? meta))
            {
                errors.Add(new InputError(t.Where, $"model {model} has no {kind} '{t.Name}'; {has}"));
                continue;
            }
            if (!meta.IsTensor)
            {
                errors.Add(new InputError(t.Where, $"model {model}: {kind} '{t.Name}' is a {meta.OnnxValueType}, not a tensor; {wants}"));
                continue;
            }
            string type = TypeName(meta.ElementDataType);
            bool ok = type == t.ElementType && meta.Dimensions.Length == concrete.Length;
            for (int i = 0; ok && i < concrete.Length; i++)
            {
                // ONNX Runtime reports a symbolic or unknown dimension as -1.
                ok = meta.Dimensions[i] < 0 || meta.Dimensions[i] == concrete[i];
            }
            if (!ok)
            {
                errors.Add(new InputError(t.Where, $"model {model}: {kind} '{t.Name}' is {Describe(meta)}; {wants}"));
            }
        }
    }

    internal static string Describe(NodeMetadata m)
    {
        if (!m.IsTensor)
        {
            return m.OnnxValueType.ToString();
        }
        var dims = new string[m.Dimensions.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            string sym = i < m.SymbolicDimensions.Length ? m.SymbolicDimensions[i] : "";
            dims[i] = m.Dimensions[i] >= 0 ? m.Dimensions[i].ToString(System.Globalization.CultureInfo.InvariantCulture) : (sym.Length > 0 ? sym : "?");
        }
        return $"{TypeName(m.ElementDataType)} [{string.Join(", ", dims)}]";
    }

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> tensors)
        => tensors.Count == 0 ? "(none)" : string.Join(", ", tensors.Select(kv => $"'{kv.Key}' {Describe(kv.Value)}"));

    /// <summary>ONNX Runtime's element type in the spec's spelling (ONNX's names).</summary>
    internal static string TypeName(TensorElementType t) => t switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Float16 => "float16",
        TensorElementType.Double => "float64",
        TensorElementType.Int8 => "int8",
        TensorElementType.UInt8 => "uint8",
        TensorElementType.Int16 => "int16",
        TensorElementType.UInt16 => "uint16",
        TensorElementType.Int32 => "int32",
        TensorElementType.UInt32 => "uint32",
        TensorElementType.Int64 => "int64",
        TensorElementType.UInt64 => "uint64",
        TensorElementType.Bool => "bool",
        TensorElementType.String => "string",
        _ => t.ToString().ToLowerInvariant(),
    };
}
