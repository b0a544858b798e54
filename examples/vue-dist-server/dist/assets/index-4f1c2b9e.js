const e=document.getElementById("app");fetch("/api/todos").then(t=>t.json()).then(t=>{e.innerHTML="<h1>Todos</h1><ul>"+t.map(o=>`<li class="${o.done?"done":""}">${o.title}</li>`).join("")+"</ul>"});
