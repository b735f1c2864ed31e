package org.ipop.overlay.vnet;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.ipop.engine.control.EngineProxy;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.service.TapServices;

/**
 * The duty cycle of everything beside the ring that lives on the control-plane thread: engine commands waiting
 * for room in the command ring (first, so they go before this cycle's commands), the services' punt rules for
 * the engine, TAP services' expiry, lease requests and renewals, route sampling and the broadcast member list.
 * Run it in the same composite agent as the {@link org.ipop.overlay.control.ControlPlaneAgent} so that all of them
 * share one thread.
 */
public final class NodeGlueAgent implements Agent
{
    private final EngineProxy proxy;
    private final ControlPlane plane;
    private final TapServices services;
    private final ServicePuntRules puntRules;
    private final NodeLeases leases;
    private final VipRoutes routes;
    private final MemberDirectory members;
    private final NanoClock clock;

    /**
     * @param proxy     the engine's proxy, whose command backlog this flushes.
     * @param plane     the control plane.
     * @param services  the TAP services.
     * @param puntRules the engine's punt rules for the services' endpoints.
     * @param leases    the lease provider.
     * @param routes    route installer.
     * @param members   the broadcast member list.
     * @param clock     the node's clock.
     */
    public NodeGlueAgent(
        final EngineProxy proxy,
        final ControlPlane plane,
        final TapServices services,
        final ServicePuntRules puntRules,
        final NodeLeases leases,
        final VipRoutes routes,
        final MemberDirectory members,
        final NanoClock clock)
    {
        this.proxy = proxy;
        this.plane = plane;
        this.services = services;
        this.puntRules = puntRules;
        this.leases = leases;
        this.routes = routes;
        this.members = members;
        this.clock = clock;
    }

    @Override
    public int doWork()
    {
        final long now = clock.nanoTime();
        return proxy.flushCommands() + puntRules.doWork() + services.doWork() + leases.doWork() +
            routes.doWork(plane, now) + members.doWork(plane, now);
    }

    @Override
    public void onClose()
    {
        services.close();
    }

    @Override
    public String roleName()
    {
        return "ipop-node-glue";
    }
}
