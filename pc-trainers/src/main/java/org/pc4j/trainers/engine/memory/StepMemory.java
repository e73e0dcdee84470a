package org.pc4j.trainers.engine.memory;

import java.util.HashMap;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The scratch memory of inference, laid out as {@code MultiLayerNetwork} lays out its own training memory:
 * activations, layer inputs and errors live in one reusable <i>step</i> workspace that is reset when its scope closes;
 * each layer call's working memory lives in a <i>layer</i> workspace reset around every call
 * (the layer predictors open it); recurrent layers' per-time-step memory lives in a third workspace that they
 * open themselves. An iterative schedule opens one step scope per inference step, so memory stays flat however
 * many steps and batches run; Z-IL, which computes each layer once, opens one step scope for the whole batch, so
 * that the forward pass's caches serve every backprop.
 *
 * <p>With {@link WorkspaceMode#NONE} every array is an ordinary detached array (for debugging); results are
 * identical. The updater is always called outside any scope.
 */
public final class StepMemory implements AutoCloseable {

    public static final String STEP = "PC4J_STEP";
    public static final String LAYER_WORKING = "PC4J_LAYER_WORKING";
    public static final String RNN_LOOP = "PC4J_RNN_LOOP";
    public static final String UPDATER = "PC4J_UPDATER";

    private static final WorkspaceConfiguration STEP_CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0).overallocationLimit(0.05)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).policyAllocation(AllocationPolicy.OVERALLOCATE)
            .build();

    private static final WorkspaceConfiguration WORKING_CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0).overallocationLimit(0.02)
            .policyLearning(LearningPolicy.OVER_TIME).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).policyAllocation(AllocationPolicy.OVERALLOCATE)
            .build();

    private final boolean enabled;
    private final LayerWorkspaceMgr mgr;
    private final LayerWorkspaceMgr backpropMgr;
    private final LayerWorkspaceMgr updaterMgr;

    public StepMemory(WorkspaceMode mode) {
        this.enabled = mode == WorkspaceMode.ENABLED;
        if (enabled) {
            this.mgr = layerManager(STEP, STEP_CONFIG);
            // during backprop a layer's activations (recomputed pre-outputs) are its own working memory, reset
            // after each layer, as in MultiLayerNetwork's backprop; only its error message outlives the call
            this.backpropMgr = layerManager(LAYER_WORKING, WORKING_CONFIG);
            // the updater's temporaries, in a workspace that DL4J's updater opens and resets itself
            LayerWorkspaceMgr.Builder u = LayerWorkspaceMgr.builder().with(ArrayType.UPDATER_WORKING_MEM, UPDATER, WORKING_CONFIG);
            for (ArrayType t : ArrayType.values()) {
                if (t != ArrayType.UPDATER_WORKING_MEM) {
                    u.noWorkspaceFor(t);
                }
            }
            this.updaterMgr = u.build();
        } else {
            this.mgr = LayerWorkspaceMgr.noWorkspaces();
            this.backpropMgr = mgr;
            this.updaterMgr = mgr;
        }
        // cuDNN helpers cache their scratch pointers here; one map for the session
        HashMap<String, org.bytedeco.javacpp.Pointer> helpers = new HashMap<>();
        this.mgr.setHelperWorkspacePointers(helpers);
        this.backpropMgr.setHelperWorkspacePointers(helpers);
    }

    /**
     * @return a manager for layer calls: inputs and errors in the step workspace, working memory in the layer
     *         workspace, recurrent loops in their own; activations where given
     */
    private static LayerWorkspaceMgr layerManager(String activations, WorkspaceConfiguration activationsConfig) {
        return LayerWorkspaceMgr.builder()
                .with(ArrayType.INPUT, STEP, STEP_CONFIG)
                .with(ArrayType.ACTIVATIONS, activations, activationsConfig)
                .with(ArrayType.ACTIVATION_GRAD, STEP, STEP_CONFIG)
                .with(ArrayType.FF_WORKING_MEM, LAYER_WORKING, WORKING_CONFIG)
                .with(ArrayType.BP_WORKING_MEM, LAYER_WORKING, WORKING_CONFIG)
                .with(ArrayType.RNN_FF_LOOP_WORKING_MEM, RNN_LOOP, WORKING_CONFIG)
                .with(ArrayType.RNN_BP_LOOP_WORKING_MEM, RNN_LOOP, WORKING_CONFIG)
                .noWorkspaceFor(ArrayType.FF_CACHE)
                .noWorkspaceFor(ArrayType.UPDATER_WORKING_MEM)
                .build();
    }

    /** @return the manager for the network's updater, to be used outside any scope. */
    public LayerWorkspaceMgr updaterMgr() {
        return updaterMgr;
    }

    /** @return the manager for layer backprops inside a scope (activations there are per-layer working memory). */
    public LayerWorkspaceMgr backpropMgr() {
        return backpropMgr;
    }

    /** @return the manager every layer call inside a scope must use. */
    public LayerWorkspaceMgr mgr() {
        return mgr;
    }

    /** @return true if arrays made inside a scope are invalid after it closes. */
    public boolean enabled() {
        return enabled;
    }

    /** @return an open step scope; everything allocated inside it is released when it closes (nothing if disabled). */
    public Scope open() {
        if (!enabled) {
            return Scope.NONE;
        }
        MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_CONFIG, STEP);
        return ws::close;
    }

    /** Nothing to free per session: the workspaces belong to the thread and are reused by its next session. */
    @Override
    public void close() {
    }

    /** Frees this thread's inference workspaces (the next training call on this thread creates them again). */
    public static void release() {
        for (String id : new String[] {STEP, LAYER_WORKING, RNN_LOOP, UPDATER}) {
            if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(id)) {
                Nd4j.getWorkspaceManager().destroyWorkspace(Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id));
            }
        }
    }
}
