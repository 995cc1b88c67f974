using SimCore.Simulation;
using static SimCore.Tests.OpenScenario.Xosc;

namespace SimCore.Tests.OpenScenario;

/// <summary>A StoryboardElementStateCondition names an element by type and name: an act and an event may share a name.</summary>
public sealed class ElementStateByKindTests
{
    [Fact]
    public void TheConditionWaitsForTheElementOfItsType()
    {
        // The act and the first event are both called "A"; "B" waits for the event A to complete
        // (at 1.02, the step after it started: a step speed change ends once its control has run).
        string events = Event("A", SpeedTo(12), Trigger(SimTime(1)))
            + Event("B", SpeedTo(14), Trigger("""<Condition name="c" delay="0" conditionEdge="none"><ByValueCondition><StoryboardElementStateCondition storyboardElementType="event" storyboardElementRef="A" state="completeState"/></ByValueCondition></Condition>"""));
        string story = Story("Ego", events); // its act is named "A" too
        RunResult r = Run(Load(Doc(Xosc.Entities("Ego"), Place("Ego", Lane(-1, 50), 10), story, stopAt: 3)));
        Assert.Equal(1.01, Started(r, "A")!.Value, 6);
        Assert.Equal(1.02, Started(r, "B")!.Value, 6);
    }
}
