"""A prop the Python types accept and the library refuses at synth: prints the library's message."""
from cdk8s import App, Chart
from cdk8s_tracing import JaegerStack

try:
    JaegerStack(Chart(App(), "chart"), "jaeger", retention="3 days")
    print("accepted")
except RuntimeError as error:
    print(error)
