package org.pc4j.testkit;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.Plugin;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;

/**
 * A javac plug-in ({@code -Xplugin:IndArrayEquality}, on pc4j's test compilation) that fails the build on an equality
 * assertion over INDArrays which uses {@code INDArray.equals}, whose tolerance of 1e-5 makes "equal" mean "close":
 *
 * <ul>
 *   <li>AssertJ's {@code assertThat(x)...isEqualTo(y)} / {@code isNotEqualTo(y)} where {@code x} is an INDArray or an
 *       array of them;</li>
 *   <li>JUnit's {@code assertEquals} / {@code assertNotEquals} with an INDArray (or an array of them) argument.</li>
 * </ul>
 *
 * The message names {@link NdAssertions#assertBitIdentical} and {@link NdAssertions#assertAllClose}, which say what
 * they compare. Type-checked, so a renamed variable or a helper returning INDArray is still caught.
 */
public final class IndArrayEqualityCheck implements Plugin {

    static final String INDARRAY = "org.nd4j.linalg.api.ndarray.INDArray";
    private static final Set<String> ASSERTJ_EQUALITY = Set.of("isEqualTo", "isNotEqualTo");
    private static final Set<String> ASSERTJ_ENTRY = Set.of("assertThat", "assertThatObject", "then");
    private static final Set<String> JUNIT_EQUALITY = Set.of("assertEquals", "assertNotEquals");

    @Override
    public String getName() {
        return "IndArrayEquality";
    }

    @Override
    public void init(JavacTask task, String... args) {
        Trees trees = Trees.instance(task);
        task.addTaskListener(new TaskListener() {
            @Override
            public void finished(TaskEvent e) {
                if (e.getKind() != TaskEvent.Kind.ANALYZE) {
                    return;
                }
                TypeElement indArray = task.getElements().getTypeElement(INDARRAY);
                if (indArray == null) {
                    return; // ND4J is not on this compilation's classpath: nothing to check
                }
                new Scanner(trees, task.getTypes(), indArray.asType(), e.getCompilationUnit()).scan(e.getCompilationUnit(), null);
            }
        });
    }

    private static final class Scanner extends TreePathScanner<Void, Void> {
        private final Trees trees;
        private final Types types;
        private final TypeMirror indArray;
        private final CompilationUnitTree unit;

        Scanner(Trees trees, Types types, TypeMirror indArray, CompilationUnitTree unit) {
            this.trees = trees;
            this.types = types;
            this.indArray = indArray;
            this.unit = unit;
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
            String name = methodName(call.getMethodSelect());
            if (ASSERTJ_EQUALITY.contains(name) && call.getMethodSelect() instanceof MemberSelectTree select) {
                MethodInvocationTree entry = assertionEntry(select.getExpression());
                if (entry != null && entry.getArguments().size() == 1 && isIndArray(entry.getArguments().get(0))) {
                    report(call, "AssertJ's " + name + " on an INDArray");
                }
            } else if (JUNIT_EQUALITY.contains(name)) {
                List<? extends ExpressionTree> args = call.getArguments();
                for (ExpressionTree a : args) {
                    if (isIndArray(a)) {
                        report(call, "JUnit's " + name + " on an INDArray");
                        break;
                    }
                }
            }
            return super.visitMethodInvocation(call, unused);
        }

        /** @return the {@code assertThat(x)} call at the start of a chain such as {@code assertThat(x).as(...)}, or null */
        private MethodInvocationTree assertionEntry(ExpressionTree receiver) {
            ExpressionTree t = receiver;
            while (t instanceof MethodInvocationTree m) {
                if (ASSERTJ_ENTRY.contains(methodName(m.getMethodSelect()))) {
                    return m;
                }
                if (!(m.getMethodSelect() instanceof MemberSelectTree s)) {
                    return null;
                }
                t = s.getExpression();
            }
            return null;
        }

        private boolean isIndArray(ExpressionTree expression) {
            TypeMirror type = trees.getTypeMirror(new TreePath(getCurrentPath(), expression));
            while (type != null && type.getKind() == TypeKind.ARRAY) {
                type = ((ArrayType) type).getComponentType();
            }
            return type != null && type.getKind() == TypeKind.DECLARED && types.isAssignable(types.erasure(type), indArray);
        }

        private void report(MethodInvocationTree call, String what) {
            trees.printMessage(Diagnostic.Kind.ERROR, what + " compares with ND4J's tolerance of 1e-5 (INDArray.equals): use "
                    + "org.pc4j.testkit.NdAssertions.assertBitIdentical for an exact claim or assertAllClose(rtol, atol) for a "
                    + "numerical one", call, unit);
        }

        private static String methodName(ExpressionTree select) {
            if (select instanceof MemberSelectTree s) {
                return s.getIdentifier().toString();
            }
            return select.toString();
        }
    }
}
