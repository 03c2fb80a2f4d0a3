// The second team's JaegerStack with a retention Java's types accept (any String) but the library
// refuses ("3 days" is not a duration). The library's error reaches Java as a JsiiError whose
// message is the library's followed by the JavaScript stack; this prints the library's message
// alone and exits 0, or exits 1 if the JaegerStack was built.
package com.example.teamb;

import io.github.cdk8s_tracing.JaegerStack;
import org.cdk8s.Chart;
import software.amazon.jsii.JsiiError;

public final class BadProp {
  public static void main(String[] args) {
    try {
      JaegerStack.Builder.create(new Chart(new org.cdk8s.App(), "chart"), "jaeger").retention("3 days").build();
    } catch (JsiiError error) {
      System.out.println(libraryMessage(error.getMessage()));
      return;
    }
    System.err.println("the JaegerStack was built: the library accepted the retention");
    System.exit(1);
  }

  /**
   * The library's message out of a JsiiError's: jsii writes "MESSAGE\nSTACK", and the JavaScript
   * stack starts "NAME: MESSAGE\n    at ...", so the message is the text before the first line
   * break after which the stack repeats it (the whole text when none does).
   */
  static String libraryMessage(String text) {
    for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', end + 1)) {
      String message = text.substring(0, end);
      String rest = text.substring(end + 1);
      int colon = rest.indexOf(": ");
      if (colon >= 0 && rest.startsWith(message, colon + 2)) {
        return message;
      }
    }
    return text;
  }

  private BadProp() {
  }
}
